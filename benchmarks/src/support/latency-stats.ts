/** Latency percentiles of one run, in milliseconds (rounded to the microsecond). */
export interface LatencyStats {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Rounds milliseconds to the microsecond, which is as fine as `performance.now()` is useful here. */
export const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;

/** The nearest-rank percentile `p` (0–100) of values sorted ascending; `NaN` when there are none. */
export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
};

/** Summarises latency samples (ms); the input is not modified. */
export const latencyStats = (samplesMs: readonly number[]): LatencyStats => {
  const sorted = Float64Array.from(samplesMs).sort();
  const values = Array.from(sorted);
  const sum = values.reduce((total, v) => total + v, 0);
  return {
    count: values.length,
    meanMs: roundMs(values.length > 0 ? sum / values.length : Number.NaN),
    p50Ms: roundMs(percentile(values, 50)),
    p90Ms: roundMs(percentile(values, 90)),
    p99Ms: roundMs(percentile(values, 99)),
    maxMs: roundMs(values[values.length - 1] ?? Number.NaN),
  };
};

/** The median of some values; `NaN` when there are none. */
export const median = (values: readonly number[]): number => percentile(Array.from(Float64Array.from(values).sort()), 50);
