import { runSignals } from '../signals/signals-run';
import type { BenchSetup } from './bench-setup';
import { formatCount, resultHeader } from './result-header';

const name = 'signals.in-memory.in-memory';
const about = 'One workflow receiving 10,000 signals over its life, one receive each, with a warm cache: step time (send until accepted) '
  + 'at the first and the last thousand signals (it should be flat).';

/** Shows that the 10,000th signal costs what the first did: nothing in an instance grows in work per signal. */
export const signalsSetup: BenchSetup = {
  name,
  about,
  run: async (scale) => {
    const header = resultHeader(name, about, scale);
    const figures = await runSignals(scale.name === 'quick' ? 1_000 : 10_000);
    const load = header.machine.loadAverage[0];
    console.log(`  ${name}: ${formatCount(figures.signals)} signals in ${formatCount(figures.totalMs)} ms (${formatCount(figures.workflowsPerSecond)}/s);`
      + ` step p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms; median ${figures.firstThousandMedianMs} ms first, ${figures.lastThousandMedianMs} ms last; load ${load}`);
    return {
      status: 'done',
      result: { ...header, load, ...figures },
      summary: [
        { setup: name, measure: 'signals per second (one in flight)', value: formatCount(figures.workflowsPerSecond) },
        { setup: name, measure: 'step time, first / last thousand signals', value: `${figures.firstThousandMedianMs} / ${figures.lastThousandMedianMs} ms (median)` },
        { setup: name, measure: 'step time p50 / p99', value: `${figures.p50Ms} / ${figures.p99Ms} ms` },
      ],
    };
  },
};
