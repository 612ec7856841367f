import type { CadenzaCloudEvent } from '@cadenza/core';

/** One task failed `failures` attempts in a row. */
export interface AttemptStreakAlert {
  readonly taskId: string;
  readonly workflowId: string | undefined;
  /** How many failed attempts in a row raised it (the threshold). */
  readonly failures: number;
  /** The ids of those `io.cadenza.task.attempt.failed` events, oldest first. The last one identifies the
   *  alert: a receiver that may see an alert twice (after a listener restart) deduplicates on it. */
  readonly eventIds: readonly string[];
  /** The failure that completed the streak, with its error in `data`. */
  readonly last: CadenzaCloudEvent;
}

/** The alert as one log line. */
export const describeAlert = (alert: AttemptStreakAlert): string => {
  const error = (alert.last.data as { error?: { message?: unknown } } | undefined)?.error?.message;
  return `ALERT task ${alert.taskId} (workflow ${alert.workflowId ?? '?'}) failed ${alert.failures} attempts in a row` +
    (typeof error === 'string' ? `; last error: ${error}` : '');
};
