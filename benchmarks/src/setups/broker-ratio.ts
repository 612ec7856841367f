import type { BankRun } from '../bank/bank-runs';

/** How the workflow traffic compares with the broker's raw produce→consume rate. */
export interface BrokerRatio {
  /** The run the ratio is taken from: the one with the most workflows per second. */
  readonly inFlight: number;
  readonly workflowsPerSecond: number;
  readonly messagesPerWorkflow: number;
  /** `workflowsPerSecond × messagesPerWorkflow`. */
  readonly workflowMessagesPerSecond: number;
  readonly rawMessagesPerSecond: number;
  /** `workflowMessagesPerSecond ÷ rawMessagesPerSecond`. */
  readonly ratio: number;
}

/** The ratio at the best run; `undefined` when no run completed a workflow. */
export const brokerRatio = (runs: readonly BankRun[], rawMessagesPerSecond: number): BrokerRatio | undefined => {
  const best = [...runs].sort((a, b) => b.workflowsPerSecond - a.workflowsPerSecond)[0];
  if (!best || best.workflowsPerSecond === 0) return undefined;
  const workflowMessagesPerSecond = Math.round(best.workflowsPerSecond * best.messagesPerWorkflow);
  return {
    inFlight: best.inFlight, workflowsPerSecond: best.workflowsPerSecond, messagesPerWorkflow: best.messagesPerWorkflow,
    workflowMessagesPerSecond, rawMessagesPerSecond, ratio: Math.round((workflowMessagesPerSecond / rawMessagesPerSecond) * 1000) / 1000,
  };
};
