import { runSuspendedTimers } from '../timers/suspended-timers-run';
import type { BenchSetup } from './bench-setup';
import { formatCount, resultHeader } from './result-header';

const name = 'suspended-timers.in-memory.in-memory';
const about = '100,000 workflows asleep on a one-hour timer at once, the worker\'s cache bounded to 10,000: start throughput, heap and RSS while they sleep '
  + '(per workflow, cached and evicted), then every timer fired at once by a clock jump and the time until all completed (evicted ones replay).';

const mb = (bytes: number): string => `${formatCount(bytes / 1_048_576)} MB`;

/** Shows that a worker holds many more sleeping workflows than its cache: the ones it evicted cost no live instance. */
export const suspendedTimersSetup: BenchSetup = {
  name,
  about,
  run: async (scale) => {
    const header = resultHeader(name, about, scale);
    const [workflows, cacheSize] = scale.name === 'quick' ? [10_000, 1_000] : [100_000, 10_000];
    const figures = await runSuspendedTimers(workflows, cacheSize);
    const load = header.machine.loadAverage[0];
    console.log(`  ${name}: ${formatCount(workflows)} started in ${formatCount(figures.startAllMs)} ms (${formatCount(figures.workflowsPerSecond)}/s, p50 ${figures.p50Ms} ms,`
      + ` p99 ${figures.p99Ms} ms); heap ${mb(figures.heapSuspendedBytes)}, RSS ${mb(figures.rssSuspendedBytes)} asleep (${formatCount(figures.bytesPerCachedWorkflow)} B cached,`
      + ` ${formatCount(figures.bytesPerEvictedWorkflow)} B evicted per workflow); all finished ${formatCount(figures.finishAllMs)} ms after the timers fired,`
      + ` ${formatCount(figures.replayedOnFinish)} replayed; load ${load}`);
    return {
      status: 'done',
      result: { ...header, load, ...figures },
      summary: [
        { setup: name, measure: `workflows started per second (${formatCount(figures.inFlight)} in flight)`, value: formatCount(figures.workflowsPerSecond) },
        { setup: name, measure: `heap / RSS with ${formatCount(workflows)} asleep, cache ${formatCount(cacheSize)}`, value: `${mb(figures.heapSuspendedBytes)} / ${mb(figures.rssSuspendedBytes)}` },
        { setup: name, measure: 'heap per workflow, cached / evicted', value: `${formatCount(figures.bytesPerCachedWorkflow)} / ${formatCount(figures.bytesPerEvictedWorkflow)} B` },
        { setup: name, measure: 'timers fired until all completed', value: `${formatCount(figures.finishAllMs)} ms (${formatCount(figures.finishedPerSecond)}/s)` },
      ],
    };
  },
};
