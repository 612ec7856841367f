import type { LatencyStats } from '../support/latency-stats';
import { type MachineSnapshot, machineSnapshot } from '../support/machine';
import type { BankHarness } from './bank-harness';
import { type ClosedLoopResult, runClosedLoop } from './closed-loop';

/** The shape of a bank-transfer run in the result files: the closed loop's figures, latency flattened. */
export interface BankRun extends Omit<ClosedLoopResult, 'latency'>, Omit<LatencyStats, 'count'> {
  /** Messages published per completed workflow during the run (client and worker together). */
  readonly messagesPerWorkflow: number;
  /** The machine's load when the run ended. */
  readonly machine: MachineSnapshot;
}

/** Timing of the closed-loop runs. */
export interface BankRunPlan {
  readonly inFlight: readonly number[];
  readonly warmupMs: number;
  readonly measureMs: number;
}

/**
 * Runs the bank transfer at each in-flight level in turn, on one harness; workflow ids never repeat across
 * runs. Prints a progress line per run.
 */
export const runBankLevels = async (setup: string, harness: BankHarness, plan: BankRunPlan): Promise<BankRun[]> => {
  const runs: BankRun[] = [];
  let base = 0;
  for (const inFlight of plan.inFlight) {
    const offset = base;
    let started = 0;
    harness.resetServices();
    harness.transport.resetCount();
    const result = await runClosedLoop({
      inFlight, warmupMs: plan.warmupMs, measureMs: plan.measureMs,
      label: (n) => harness.workflowId(offset + n),
      runOne: (n) => {
        started++;
        return harness.transfer(offset + n);
      },
    });
    base += started;
    const { latency: { count: _count, ...latency }, ...rest } = result;
    const run: BankRun = { ...rest, ...latency, messagesPerWorkflow: Math.round((harness.transport.published / Math.max(started, 1)) * 100) / 100, machine: machineSnapshot() };
    runs.push(run);
    console.log(`  ${setup}: ${inFlight} in flight → ${run.workflowsPerSecond.toLocaleString('en-US')} workflows/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms`
      + ` (${run.workflows} in ${plan.measureMs / 1000} s, ${run.messagesPerWorkflow} msgs/workflow, load ${run.machine.loadAverage[0]})`
      + (run.failures > 0 ? ` — ${run.failures} FAILED, first: ${run.firstFailure}` : ''));
  }
  return runs;
};
