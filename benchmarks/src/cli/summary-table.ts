import type { SummaryRow } from '../setups/bench-setup';

/** A setup that did not produce figures, for the table's last lines. */
export interface NotRun {
  readonly setup: string;
  readonly status: 'skipped' | 'failed';
  readonly reason: string;
}

const pad = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - [...text].length));

/** The summary as aligned text columns: setup, measure, value, target. */
export const summaryTable = (rows: readonly SummaryRow[], notRun: readonly NotRun[]): string => {
  const cells = [
    ['setup', 'measure', 'value', 'target'],
    ...rows.map((r) => [r.setup, r.measure, r.value, r.target ?? '']),
    ...notRun.map((n) => [n.setup, n.status.toUpperCase(), n.reason, '']),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...cells.map((row) => [...row[c]!].length)));
  const line = (row: readonly string[]) => ([0, 1, 2].map((c) => pad(row[c]!, widths[c]!)).join('  ') + (row[3] ? `  ${row[3]}` : '')).trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
};
