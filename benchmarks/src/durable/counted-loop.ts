import { performance } from 'node:perf_hooks';
import { type LatencyStats, latencyStats } from '../support/latency-stats';

/** One load of the durable bench: `workflows` measured with `inFlight` kept running, after `warmup` of them. */
export interface DurableLoad {
  readonly inFlight: number;
  readonly workflows: number;
  /** Workflows run (at the same in-flight level) before the measured ones; not counted. */
  readonly warmup: number;
}

/** Options of {@link runCountedLoop}. */
export interface CountedLoopOptions {
  readonly load: DurableLoad;
  /** Runs workflow number `n` (0, 1, …, warm-up first) to completion. */
  readonly runOne: (n: number) => Promise<void>;
  /** Called when the measured workflows are about to start (after the warm-up drained). */
  readonly onWindowOpen?: () => Promise<void>;
  /** Called when the last measured workflow finished, with how many finished. */
  readonly onWindowClose?: (finished: number) => Promise<void>;
}

/** What one counted run measured. */
export interface CountedLoopResult {
  readonly inFlight: number;
  readonly warmup: number;
  /** Measured workflows that finished (all of them in a healthy run). */
  readonly workflows: number;
  /** From the first measured start to the last measured completion, in ms. */
  readonly windowMs: number;
  readonly workflowsPerSecond: number;
  /** Start to result, as the caller sees it. */
  readonly latency: LatencyStats;
  /** Workflows that rejected (warm-up included); a healthy run has none. */
  readonly failures: number;
  readonly firstFailure?: string;
}

/** `inFlight` lanes take numbers from `first` until `first + count` and run them; returns the latencies. */
const runLanes = async (inFlight: number, first: number, count: number, runOne: (n: number) => Promise<void>,
  onFailure: (error: unknown) => void): Promise<number[]> => {
  const latencies: number[] = [];
  let next = first;
  const lane = async (): Promise<void> => {
    while (next < first + count) {
      const n = next++;
      const t0 = performance.now();
      try {
        await runOne(n);
        latencies.push(performance.now() - t0);
      } catch (error) {
        onFailure(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
  return latencies;
};

/**
 * A closed loop over a fixed number of workflows, as the issue states its loads ("2,000 @ 100"): the warm-up
 * runs and drains, the window opens, `workflows` run with `inFlight` in flight (each finished one replaced at
 * once until all have started), the window closes at the last completion. Throughput is workflows ÷ window.
 */
export const runCountedLoop = async (o: CountedLoopOptions): Promise<CountedLoopResult> => {
  const { inFlight, workflows, warmup } = o.load;
  if (!(Number.isInteger(inFlight) && inFlight > 0 && Number.isInteger(workflows) && workflows > 0 && Number.isInteger(warmup) && warmup >= 0)) {
    throw new RangeError(`a load needs whole inFlight > 0, workflows > 0 and warmup ≥ 0; got ${JSON.stringify(o.load)}`);
  }
  let failures = 0;
  let firstFailure: string | undefined;
  const onFailure = (error: unknown): void => {
    failures++;
    firstFailure ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  };
  if (warmup > 0) await runLanes(inFlight, 0, warmup, o.runOne, onFailure);
  await o.onWindowOpen?.();
  const opened = performance.now();
  const latencies = await runLanes(inFlight, warmup, workflows, o.runOne, onFailure);
  const windowMs = performance.now() - opened;
  await o.onWindowClose?.(latencies.length);
  return {
    inFlight, warmup, workflows: latencies.length, windowMs: Math.round(windowMs),
    workflowsPerSecond: Math.round((latencies.length / windowMs) * 1000 * 10) / 10,
    latency: latencyStats(latencies), failures, ...(firstFailure !== undefined ? { firstFailure } : {}),
  };
};
