import type { SimBackend } from './backend';
import type { FaultKind } from './fault-kinds';
import { type SeedReport, simulateSeed } from './simulate-seed';

/** The verdict on a range of seeds. */
export interface SeedsSummary {
  readonly run: number;
  readonly failing: readonly SeedReport[];
  readonly elapsedMs: number;
}

/**
 * Runs seeds `from` to `from + count - 1`, one after the other, calling `progress` every `every` seeds and
 * `failed` for each failing seed as it is found.
 */
export const runSeeds = async (
  range: { from: number; count: number }, kinds: readonly FaultKind[], backend: SimBackend,
  hooks: { every?: number; progress?: (done: number, failing: number, elapsedMs: number) => void; failed?: (report: SeedReport) => void } = {},
): Promise<SeedsSummary> => {
  const started = performance.now();
  const failing: SeedReport[] = [];
  const every = hooks.every ?? 100;
  for (let i = 0; i < range.count; i++) {
    const report = await simulateSeed(range.from + i, kinds, backend);
    if (report.violations.length > 0) {
      failing.push(report);
      hooks.failed?.(report);
    }
    if ((i + 1) % every === 0) hooks.progress?.(i + 1, failing.length, performance.now() - started);
  }
  return { run: range.count, failing, elapsedMs: performance.now() - started };
};
