import * as t from 'io-ts';

const workflowTarget = { workflowName: t.string, workflowId: t.string };

/** Which failed tasks a `RetryTasks` retries: how a failed task stands (`timed-out`: its end-to-end timeout failed it). */
export const FailedTaskStatus = t.union([t.literal('failed'), t.literal('timed-out')], 'FailedTaskStatus');
export type FailedTaskStatus = t.TypeOf<typeof FailedTaskStatus>;

/**
 * Run failed tasks of a running or failed instance again, without retrying the workflow (Infinitic's
 * `retryTasks`): the task `taskId`, else every failed task that matches all of `status`, `service` and `method`
 * given (none given: every failed task). `replyTo` gets the ids of the tasks retried (a `completed` outcome
 * with a string array), or a refusal (`TaskNotFailedError`) with nothing recorded.
 */
export const RetryTasks = t.intersection([
  t.type({ kind: t.literal('RetryTasks'), ...workflowTarget }),
  t.partial({ replyTo: t.string, taskId: t.string, status: FailedTaskStatus, service: t.string, method: t.string }),
]);

/**
 * Complete pending timers of an instance now (Infinitic's `completeTimers`): the timer `timerId`, else every
 * pending one. Each is recorded as fired (`TimerFired` with `byClient`); its later due delivery is a duplicate.
 * `replyTo` gets the ids of the timers completed (a `completed` outcome with a string array, empty when none
 * was pending), or a refusal (`TimerUnknownError`) with nothing recorded.
 */
export const CompleteTimers = t.intersection([
  t.type({ kind: t.literal('CompleteTimers'), ...workflowTarget }),
  t.partial({ replyTo: t.string, timerId: t.string }),
]);
