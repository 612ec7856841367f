import type { BankRun } from '../bank/bank-runs';
import type { SummaryRow } from './bench-setup';
import { formatCount } from './result-header';

/** One summary row per closed-loop run. */
export const bankSummaryRows = (setup: string, runs: readonly BankRun[], targets: ReadonlyMap<number, string> = new Map()): SummaryRow[] =>
  runs.map((run) => {
    const target = targets.get(run.inFlight);
    return {
      setup,
      measure: `bank transfer, ${formatCount(run.inFlight)} in flight`,
      value: `${formatCount(run.workflowsPerSecond)} wf/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms${run.failures > 0 ? `, ${run.failures} FAILED` : ''}`,
      ...(target !== undefined ? { target } : {}),
    };
  });
