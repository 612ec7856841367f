import { performance } from 'node:perf_hooks';
import { type LatencyStats, latencyStats } from '../support/latency-stats';

/** Options of {@link runClosedLoop}. */
export interface ClosedLoopOptions {
  /** Workflows kept in flight: each finished one is replaced at once. */
  readonly inFlight: number;
  /** Time the loop runs before the measurement window opens, in ms. */
  readonly warmupMs: number;
  /** Length of the measurement window, in ms. */
  readonly measureMs: number;
  /** How long the workflows still in flight when the window closes may take to finish, in ms.
   *  @default 60_000 */
  readonly drainTimeoutMs?: number;
  /** Runs workflow number `n` to completion. */
  readonly runOne: (n: number) => Promise<void>;
  /** Names workflow number `n` in the error about workflows that never finish.
   *  @default `#<n>` */
  readonly label?: (n: number) => string;
}

/** What one closed-loop run measured. */
export interface ClosedLoopResult {
  readonly inFlight: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Workflows that finished inside the measurement window. */
  readonly workflows: number;
  readonly workflowsPerSecond: number;
  /** Start to result, as the client sees it, of the workflows that finished inside the window. */
  readonly latency: LatencyStats;
  /** Workflows that rejected (anywhere in the run); a healthy run has none. */
  readonly failures: number;
  readonly firstFailure?: string;
}

/**
 * Keeps `inFlight` workflows running: a warm-up, then a window of fixed length in which every completion is
 * counted and its latency kept, then no new starts and a wait for the last ones. Throughput is completions
 * in the window divided by its length, so the ramp-up at the start and the drain at the end do not count.
 */
export const runClosedLoop = async (o: ClosedLoopOptions): Promise<ClosedLoopResult> => {
  const started = performance.now();
  const opens = started + o.warmupMs;
  const closes = opens + o.measureMs;
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  let stopped = false;
  const running = new Set<number>();
  const stopTimer = setTimeout(() => (stopped = true), o.warmupMs + o.measureMs);

  const lane = async (): Promise<void> => {
    while (!stopped) {
      const n = next++;
      const t0 = performance.now();
      running.add(n);
      try {
        await o.runOne(n);
      } catch (error) {
        failures++;
        firstFailure ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      running.delete(n);
      const t1 = performance.now();
      if (t1 >= opens && t1 < closes) latencies.push(t1 - t0);
      if (t1 >= closes) stopped = true;
    }
  };

  const lanes = Promise.all(Array.from({ length: o.inFlight }, lane));
  const drainTimeoutMs = o.drainTimeoutMs ?? 60_000;
  let drainTimer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    drainTimer = setTimeout(
      () => {
        const label = o.label ?? ((n: number) => `#${n}`);
        const stuck = [...running].slice(0, 5).map(label).join(', ');
        reject(new Error(`closed loop at ${o.inFlight} in flight: workflows still running ${drainTimeoutMs} ms after the window closed`
          + ` (${running.size} of them: ${stuck}${running.size > 5 ? ', …' : ''})`));
      },
      o.warmupMs + o.measureMs + drainTimeoutMs,
    );
  });
  try {
    await Promise.race([lanes, hung]);
  } finally {
    clearTimeout(stopTimer);
    clearTimeout(drainTimer);
  }
  return {
    inFlight: o.inFlight,
    warmupMs: o.warmupMs,
    measureMs: o.measureMs,
    workflows: latencies.length,
    workflowsPerSecond: Math.round(latencies.length / (o.measureMs / 1000)),
    latency: latencyStats(latencies),
    failures,
    ...(firstFailure !== undefined ? { firstFailure } : {}),
  };
};
