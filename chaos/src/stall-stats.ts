import { latencyStats, type LatencyStats } from '@cadenza/benchmarks';
import type { ChaosFaultKind, InjectedFault } from './fault-injector';

/** How long the workflows stood still after the faults of one kind. */
export interface StallStats {
  readonly faults: number;
  /** Restarts whose script failed (the server may not have come back). */
  readonly failed: number;
  /** From the start of a fault to the server answering again (0 for a kill). */
  readonly downtimeMs: LatencyStats;
  /** From the start of a fault to the first step a service applied after the fault was over: the stall. */
  readonly toNextStepMs: LatencyStats;
  /** From the start of a fault to the first transfer the client saw complete after the fault was over. */
  readonly toNextCompletionMs: LatencyStats;
  /** Faults after which no step or no completion followed at all (the run ended first). */
  readonly neverResumed: number;
}

/** The first time in `sorted` (ascending) at or after `t`, by binary search. */
const firstAtOrAfter = (sorted: readonly number[], t: number): number | undefined => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
};

/** Stall statistics per fault kind, from the times steps (ledger lines) and transfers completed. */
export const stallStats = (faults: readonly InjectedFault[], stepTimes: readonly number[], completionTimes: readonly number[]): Record<ChaosFaultKind, StallStats> => {
  const steps = [...stepTimes].sort((a, b) => a - b);
  const completions = [...completionTimes].sort((a, b) => a - b);
  const of = (kind: ChaosFaultKind): StallStats => {
    const mine = faults.filter((f) => f.kind === kind);
    const toStep: number[] = [];
    const toCompletion: number[] = [];
    let neverResumed = 0;
    for (const f of mine) {
      const step = firstAtOrAfter(steps, f.endedAt);
      const completion = firstAtOrAfter(completions, f.endedAt);
      if (step === undefined || completion === undefined) neverResumed++;
      if (step !== undefined) toStep.push(step - f.at);
      if (completion !== undefined) toCompletion.push(completion - f.at);
    }
    return {
      faults: mine.length,
      failed: mine.filter((f) => !f.ok).length,
      downtimeMs: latencyStats(mine.map((f) => f.endedAt - f.at)),
      toNextStepMs: latencyStats(toStep),
      toNextCompletionMs: latencyStats(toCompletion),
      neverResumed,
    };
  };
  return { 'kill': of('kill'), 'broker-restart': of('broker-restart'), 'pg-restart': of('pg-restart') };
};
