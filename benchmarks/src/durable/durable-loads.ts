import type { DurableLoad } from './counted-loop';

/** The loads of issue 13, each after a warm-up at the same in-flight level: 300 @ 1, 2,000 @ 100, 3,000 @ 300. */
export const FULL_DURABLE_LOADS: readonly DurableLoad[] = [
  { inFlight: 1, workflows: 300, warmup: 50 },
  { inFlight: 100, workflows: 2_000, warmup: 500 },
  { inFlight: 300, workflows: 3_000, warmup: 600 },
];

/** `--quick`: every code path in seconds; the figures mean little. */
export const QUICK_DURABLE_LOADS: readonly DurableLoad[] = [
  { inFlight: 1, workflows: 20, warmup: 5 },
  { inFlight: 100, workflows: 200, warmup: 100 },
];

/** The durable loads of a scale. */
export const durableLoads = (scale: 'full' | 'quick'): readonly DurableLoad[] => (scale === 'full' ? FULL_DURABLE_LOADS : QUICK_DURABLE_LOADS);

/** `300 @ 1` — how the issue writes a load. */
export const loadText = (load: DurableLoad): string => `${load.workflows.toLocaleString('en-US')} @ ${load.inFlight.toLocaleString('en-US')}`;
