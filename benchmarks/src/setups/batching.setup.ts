import { BATCH, ROUND_TRIP_MS, runBatching } from '../batching/batching-run';
import type { BenchSetup } from './bench-setup';
import { formatCount, resultHeader } from './result-header';

const name = 'batching.in-memory.in-memory';
const about = `The same workload twice: workflows of one task each that saves to a store behind one connection (${ROUND_TRIP_MS} ms a round trip), `
  + `its tasks run one at a time, then by a batch handler (maxMessages ${BATCH.maxMessages}, maxMs ${BATCH.maxMs}): tasks per second and p50/p99 of each.`;

/** What a batch handler buys when the work behind a task is a round trip that a batch shares. */
export const batchingSetup: BenchSetup = {
  name,
  about,
  run: async (scale) => {
    const header = resultHeader(name, about, scale);
    const workflows = scale.name === 'quick' ? 1_000 : 10_000;
    const inFlight = scale.name === 'quick' ? 200 : 1_000;
    const single = await runBatching('one at a time', workflows, inFlight);
    const batched = await runBatching('batched', workflows, inFlight);
    const load = header.machine.loadAverage[0];
    const speedup = Math.round((batched.workflowsPerSecond / single.workflowsPerSecond) * 10) / 10;
    for (const run of [single, batched]) {
      console.log(`  ${name} (${run.mode}): ${formatCount(run.workflows)} tasks in ${formatCount(run.totalMs)} ms (${formatCount(run.workflowsPerSecond)}/s);`
        + ` p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms; ${formatCount(run.storeRoundTrips)} round trips; load ${load}`);
    }
    return {
      status: 'done',
      result: { ...header, load, roundTripMs: ROUND_TRIP_MS, batch: BATCH, runs: [single, batched], speedup },
      summary: [
        ...[single, batched].map((run) => ({ setup: name, measure: `tasks per second, ${run.mode} (${formatCount(run.inFlight)} in flight)`, value: formatCount(run.workflowsPerSecond) })),
        ...[single, batched].map((run) => ({ setup: name, measure: `workflow time p50 / p99, ${run.mode}`, value: `${run.p50Ms} / ${run.p99Ms} ms` })),
        { setup: name, measure: 'batched ÷ one at a time', value: `${speedup}×` },
      ],
    };
  },
};
