import { type FanOutPlan, runFanOuts } from '../fan-out/fan-out-runs';
import type { BenchSetup } from './bench-setup';
import { formatCount, resultHeader } from './result-header';
import type { Scale } from './scale';

const name = 'fan-out.in-memory.in-memory';
const about = 'One workflow starts 1,000 tasks at once and aggregates them with Deferred.all, in closed loops on the '
  + 'in-memory transport and store: the time of one fan-out, and tasks per second.';

/** The fan-out's plan at each scale: a fan-out takes about a second, so the windows are long enough for a few. */
const plans: Readonly<Record<Scale['name'], FanOutPlan>> = {
  full: { tasks: 1_000, inFlight: [1, 4], warmupMs: 3_000, measureMs: 10_000 },
  quick: { tasks: 1_000, inFlight: [1], warmupMs: 500, measureMs: 2_000 },
};

/** The 1,000-task fan-out of issue 11 (see examples/fan-out). */
export const fanOutSetup: BenchSetup = {
  name,
  about,
  run: async (scale) => {
    const header = resultHeader(name, about, scale);
    const plan = plans[scale.name];
    const runs = await runFanOuts(plan);
    for (const run of runs) {
      console.log(`  ${name}: ${run.inFlight} in flight → ${run.workflowsPerSecond} fan-outs/s, ${formatCount(run.tasksPerSecond)} tasks/s, `
        + `p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms (load ${run.load})`);
    }
    return {
      status: 'done',
      result: { ...header, plan, runs },
      summary: runs.map((run) => ({
        setup: name,
        measure: `fan-out of ${formatCount(run.tasksPerWorkflow)} tasks, ${run.inFlight} in flight`,
        value: `p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, ${formatCount(run.tasksPerSecond)} tasks/s${run.failures > 0 ? `, ${run.failures} FAILED` : ''}`,
      })),
    };
  },
};
