import { type QueryPlan, runQueryLatency } from '../queries/query-latency-run';
import type { BenchSetup } from './bench-setup';
import { formatCount, resultHeader } from './result-header';

const name = 'queries.in-memory.in-memory';
const about = 'Query latency (client call to answer) on live instances: with every instance in the engine\'s cache '
  + '(a freshness read of the stream\'s revision, then the query), and after eviction (a cache of 10 for 1,000 instances: each query replays the history).';

const plans: readonly QueryPlan[] = [
  { scenario: 'live', instances: 100, cacheSize: 10_000, inFlight: 1 },
  { scenario: 'live', instances: 100, cacheSize: 10_000, inFlight: 32 },
  { scenario: 'evicted', instances: 1_000, cacheSize: 10, inFlight: 1 },
  { scenario: 'evicted', instances: 1_000, cacheSize: 10, inFlight: 32 },
];

/** Query latency p50/p99 on a live instance and after an eviction. */
export const queriesSetup: BenchSetup = {
  name,
  about,
  run: async (scale) => {
    const header = resultHeader(name, about, scale);
    const { warmupMs, measureMs } = scale.inMemory;
    const runs = [];
    for (const plan of plans) {
      const run = await runQueryLatency(plan, warmupMs, measureMs);
      console.log(`  ${name}: ${run.scenario}, in flight ${run.inFlight}: ${formatCount(run.workflowsPerSecond)} queries/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms (load ${run.load})`);
      runs.push(run);
    }
    return {
      status: 'done',
      result: { ...header, runs },
      summary: runs.map((run) => ({
        setup: name, measure: `query, ${run.scenario}, in flight ${run.inFlight}`,
        value: `${formatCount(run.workflowsPerSecond)} /s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms`,
      })),
    };
  },
};
