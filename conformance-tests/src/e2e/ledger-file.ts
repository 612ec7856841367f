import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/** One attempt of a task that moved money or sent mail, as a worker process saw it. */
export interface LedgerLine {
  readonly taskId: string;
  readonly method: string;
  readonly account: string;
  readonly delta: number;
  readonly pid: number;
  /** When it was written (ms since the epoch): how long a kill or a restart stalled the workflows. */
  readonly at: number;
}

/**
 * A ledger that several worker processes append to, one line per attempt (appends of one short line are
 * atomic). Effects are idempotent by task id, so the money is the sum over distinct task ids; duplicates
 * show the at-least-once delivery the engine must absorb.
 */
export const appendLedgerLine = (file: string, line: Omit<LedgerLine, 'pid' | 'at'>): void =>
  appendFileSync(file, `${JSON.stringify({ ...line, pid: process.pid, at: Date.now() })}\n`);

export const readLedger = (file: string): LedgerLine[] =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LedgerLine) : [];

/** Each task id once, with its last line. */
export const distinctTasks = (lines: readonly LedgerLine[]): Map<string, LedgerLine> => new Map(lines.map((l) => [l.taskId, l]));
