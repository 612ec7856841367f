import { expectedSum, FanOutWorkflow, startFanOut } from '@cadenza/example-fan-out';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { runClosedLoop } from '../bank/closed-loop';
import { type MachineSnapshot, machineSnapshot } from '../support/machine';

/** How the fan-out is run: tasks per workflow, and the closed loops at each in-flight level. */
export interface FanOutPlan {
  readonly tasks: number;
  readonly inFlight: readonly number[];
  readonly warmupMs: number;
  readonly measureMs: number;
}

/** One closed-loop run of the fan-out at one in-flight level. */
export interface FanOutRun {
  readonly inFlight: number;
  readonly tasksPerWorkflow: number;
  /** Fan-outs that finished inside the measurement window. */
  readonly workflows: number;
  readonly workflowsPerSecond: number;
  /** Tasks completed per second inside the window (workflows × tasks per workflow). */
  readonly tasksPerSecond: number;
  /** One fan-out, start to result, as the client sees it (median, 99th percentile, mean, max). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly maxMs: number;
  /** The run's whole time: warm-up, window and drain. */
  readonly totalMs: number;
  readonly failures: number;
  readonly firstFailure?: string;
  /** The 1-minute load average when the run ended: figures are only comparable under similar load. */
  readonly load: number;
  /** The machine when the run ended. */
  readonly machine: MachineSnapshot;
}

/**
 * Runs {@link FanOutWorkflow} (`plan.tasks` tasks at once, aggregated by `Deferred.all`) in closed loops on
 * the in-memory transport and store, a warm cache, and the worker's defaults. A wrong sum counts as a failure.
 */
export const runFanOuts = async (plan: FanOutPlan): Promise<FanOutRun[]> => {
  const runs: FanOutRun[] = [];
  const fanOut = await startFanOut({ namespace: 'bench-fan-out' });
  try {
    for (const inFlight of plan.inFlight) {
      const started = performance.now();
      const result = await runClosedLoop({
        inFlight, warmupMs: plan.warmupMs, measureMs: plan.measureMs,
        runOne: async () => {
          const { sum } = await fanOut.client.newWorkflow(FanOutWorkflow).run(plan.tasks);
          if (sum !== expectedSum(plan.tasks)) throw new Error(`fan-out of ${plan.tasks}: sum ${sum}, expected ${expectedSum(plan.tasks)}`);
        },
      });
      const { latency } = result;
      runs.push({
        inFlight, tasksPerWorkflow: plan.tasks, workflows: result.workflows, workflowsPerSecond: result.workflowsPerSecond,
        tasksPerSecond: Math.round((result.workflows * plan.tasks) / (plan.measureMs / 1000)),
        p50Ms: latency.p50Ms, p99Ms: latency.p99Ms, meanMs: latency.meanMs, maxMs: latency.maxMs,
        totalMs: Math.round(performance.now() - started), failures: result.failures,
        ...(result.firstFailure !== undefined ? { firstFailure: result.firstFailure } : {}),
        load: os.loadavg()[0]!, machine: machineSnapshot(),
      });
    }
  } finally {
    await fanOut.stop();
  }
  return runs;
};
