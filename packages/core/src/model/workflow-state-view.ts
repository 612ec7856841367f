import * as t from 'io-ts';
import { ErrorData } from './error-data';
import { JsonValue, Meta } from './json';

/**
 * A task of the instance that has no successful outcome yet: `running` (scheduled, or retried, and not answered),
 * or `failed` / `timed-out` (its failure is recorded and it was not retried since: `retryTasks` can run it
 * again). `retry` is its round (0 until `retry` or `retryTasks` runs it again); `attempt` the attempt that
 * failed, on a failed task (a running task's attempts are counted by the service worker, not recorded);
 * `timeoutAt` when its end-to-end timeout is due (epoch ms), when it has one.
 */
export const PendingTaskView = t.intersection([
  t.type({
    taskId: t.string, seq: t.number, service: t.string, method: t.string, retry: t.number,
    status: t.union([t.literal('running'), t.literal('failed'), t.literal('timed-out')]),
  }),
  t.partial({ attempt: t.number, error: ErrorData, timeoutAt: t.number }),
], 'PendingTaskView');
export type PendingTaskView = t.TypeOf<typeof PendingTaskView>;

/** A timer that has not fired: its id (what `completeTimers` takes) and when it is due (epoch ms). */
export const PendingTimerView = t.type({ timerId: t.string, seq: t.number, fireAt: t.number }, 'PendingTimerView');
export type PendingTimerView = t.TypeOf<typeof PendingTimerView>;

/** A child workflow that has not completed: `running`, or `failed` (not retried since). */
export const PendingChildView = t.intersection([
  t.type({ seq: t.number, workflowName: t.string, workflowId: t.string, method: t.string, status: t.union([t.literal('running'), t.literal('failed')]) }),
  t.partial({ error: ErrorData }),
], 'PendingChildView');
export type PendingChildView = t.TypeOf<typeof PendingChildView>;

/** A receive that waits for a signal on `channel`. */
export const PendingReceiveView = t.type({ seq: t.number, channel: t.string }, 'PendingReceiveView');
export type PendingReceiveView = t.TypeOf<typeof PendingReceiveView>;

/** The steps of an instance that wait for an outcome, or for a retry; each list in step order. */
export const PendingStepsView = t.type({
  tasks: t.array(PendingTaskView), timers: t.array(PendingTimerView), children: t.array(PendingChildView), receives: t.array(PendingReceiveView),
}, 'PendingStepsView');
export type PendingStepsView = t.TypeOf<typeof PendingStepsView>;

/**
 * What `client.getById(W, id).state()` answers: how an instance stands, read without running any step and
 * without recording anything. Always: its name and id, `status`, the main `method` and its `args`.
 * While the engine has its history (a running, blocked or failed instance, or an ended one with `retainHistory`):
 * `tags`, `meta`, `startedAt` (epoch ms), `pending` steps, `completedSteps` (tasks, timers and children whose success is recorded)
 * and `properties`, the workflow object's own enumerable fields that JSON can carry, as a query reads them (a
 * service or child stub, a channel, a function, a class instance are left out). By status: `result` (completed),
 * `error` (failed: why), `blockedBy` (blocked: the `NonDeterminismError`), `reason` (canceled). Of an ended
 * workflow whose history was cleared only the kept outcome remains: no `pending`, `properties` or counts.
 */
export const WorkflowStateView = t.intersection([
  t.type({
    workflowName: t.string, workflowId: t.string,
    status: t.union([t.literal('running'), t.literal('blocked'), t.literal('failed'), t.literal('completed'), t.literal('canceled')]),
    method: t.string, args: t.array(JsonValue),
  }),
  t.partial({
    tags: t.array(t.string), meta: Meta, startedAt: t.number, pending: PendingStepsView, completedSteps: t.number, properties: t.record(t.string, JsonValue),
    result: JsonValue, error: ErrorData, blockedBy: ErrorData, reason: t.string,
  }),
], 'WorkflowStateView');
export type WorkflowStateView = t.TypeOf<typeof WorkflowStateView>;
