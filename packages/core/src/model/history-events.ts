import * as t from 'io-ts';
import { ContinuedRunFields, WorkflowContinuedAsNew } from './continue-as-new-event';
import { ErrorData } from './error-data';
import { JsonValue, Meta } from './json';
import { MethodCalled, MethodCompleted, MethodFailed, MethodStarted } from './method-events';
import { ParentRef } from './parent-ref';
import { StepTimeout } from './step-timeout';

/**
 * The events of one workflow instance's history (stream `<WorkflowName>-<workflowId>`). Each is stored with
 * the id of the message that caused it, so a redelivered message is recognised and not applied twice.
 */
/** `version`: the version of the workflow class it started on (`registerWorkflow(W, { version })`); absent: version 1. */
export const WorkflowStarted = t.intersection([
  t.type({ type: t.literal('WorkflowStarted'), workflowName: t.string, method: t.string, args: t.array(JsonValue), tags: t.array(t.string), meta: Meta }),
  t.partial({ parent: ParentRef, version: t.number }),
  ContinuedRunFields,
]);
/** A client that waits for the outcome; replies go to its topic. */
export const WaiterAdded = t.type({ type: t.literal('WaiterAdded'), replyTo: t.string, requestId: t.string });
/** `timeoutMs` and `timeoutAt` (epoch ms): the end-to-end timeout the code gave the task (see `StepTimeoutOptions`). */
export const TaskScheduled = t.intersection([
  t.type({ type: t.literal('TaskScheduled'), seq: t.number, service: t.string, method: t.string, args: t.array(JsonValue) }),
  StepTimeout,
]);
export const TaskCompleted = t.type({ type: t.literal('TaskCompleted'), seq: t.number, result: JsonValue });
export const TaskFailed = t.type({ type: t.literal('TaskFailed'), seq: t.number, error: ErrorData });
/** A failed task run again by `retry`: its failure no longer counts, and `retry` numbers the new task id. */
export const TaskRetried = t.type({ type: t.literal('TaskRetried'), seq: t.number, retry: t.number });
export const TimerStarted = t.type({ type: t.literal('TimerStarted'), seq: t.number, fireAt: t.number });
/** `byClient`: `client.completeTimers` completed the timer before it was due (its due delivery is then a duplicate). */
export const TimerFired = t.intersection([t.type({ type: t.literal('TimerFired'), seq: t.number }), t.partial({ byClient: t.literal(true) })]);
/** `timeoutMs` and `timeoutAt` (epoch ms): the end-to-end timeout the code gave the child (see `ChildWorkflowOptions`). */
export const ChildWorkflowStarted = t.intersection([
  t.type({ type: t.literal('ChildWorkflowStarted'), seq: t.number, workflowName: t.string, workflowId: t.string, method: t.string, args: t.array(JsonValue), tags: t.array(t.string), meta: Meta }),
  StepTimeout,
]);
export const ChildWorkflowCompleted = t.type({ type: t.literal('ChildWorkflowCompleted'), seq: t.number, result: JsonValue });
/** A child's step failed; `timedOut`: the parent's end-to-end timeout for it fired (the parent canceled the child), not a failure of the child. */
export const ChildWorkflowFailed = t.intersection([
  t.type({ type: t.literal('ChildWorkflowFailed'), seq: t.number, error: ErrorData }),
  t.partial({ timedOut: t.literal(true) }),
]);
/** A failed child retried by `retry` of its parent: its failure no longer counts, and the parent waits on it again. */
export const ChildWorkflowRetried = t.type({ type: t.literal('ChildWorkflowRetried'), seq: t.number });
/**
 * The workflow started waiting on a channel at step `seq` (again, after a {@link ReceiveReleased}, with the same
 * `seq`). `filtered`: the receive has a filter, so only a signal recorded with its `seq` (or listed in `took`)
 * goes to it; `limit`: it completes with an array of up to `limit` values; `took`: the numbers of the buffered
 * signals it took at once (see `SignalQueues`). A receive without a filter and without `took` takes the oldest
 * buffered values of its channel, as many as it may.
 */
export const ReceiveStarted = t.intersection([
  t.type({ type: t.literal('ReceiveStarted'), seq: t.number, channel: t.string }),
  t.partial({ filtered: t.literal(true), limit: t.number, took: t.array(t.number) }),
]);
/**
 * A value sent to a channel. `seq`: the filtered receive it went to; without it, it goes to the oldest waiting
 * receive of its channel that has no filter, else it is buffered until a receive takes it.
 */
export const SignalReceived = t.intersection([
  t.type({ type: t.literal('SignalReceived'), channel: t.string, value: JsonValue }),
  t.partial({ seq: t.number }),
]);
export const WorkflowCompleted = t.type({ type: t.literal('WorkflowCompleted'), result: JsonValue });
export const WorkflowFailed = t.intersection([t.type({ type: t.literal('WorkflowFailed'), error: ErrorData }), t.partial({ failedSeq: t.number })]);
/** `retry`, or code that matches its history again, takes back the failure or the block before it. */
export const WorkflowRetried = t.type({ type: t.literal('WorkflowRetried') });
/**
 * The code no longer matches the history (`error` is the NonDeterminismError naming both commands): the
 * workflow waits, neither failed nor ended, until `retry` or a worker whose code matches loads it again.
 */
export const WorkflowBlocked = t.type({ type: t.literal('WorkflowBlocked'), error: ErrorData });
export const WorkflowCanceled = t.type({ type: t.literal('WorkflowCanceled'), reason: t.string });
/**
 * What `inline(fn)` at step `seq` gave the code, recorded the one time `fn` ran: its `value`, or the `error` it
 * threw (or why its value could not be recorded); neither when it returned `undefined`. Replays return it
 * without running `fn` again.
 */
export const SideEffectRecorded = t.intersection([
  t.type({ type: t.literal('SideEffectRecorded'), seq: t.number }),
  t.partial({ value: JsonValue, error: ErrorData }),
]);

export { MethodCalled, MethodCompleted, MethodFailed, MethodStarted, WorkflowContinuedAsNew };
/** The receive at `seq` lost a `Deferred.any` race while it waited: it leaves its channel's line (the next signal is another's). */
export const ReceiveReleased = t.type({ type: t.literal('ReceiveReleased'), seq: t.number, channel: t.string });
/** At step `seq` the workflow sent `value` to `channel` of the instance `workflowName` `workflowId` (a `SendSignal`, published once recorded). */
export const SignalSent = t.type({ type: t.literal('SignalSent'), seq: t.number, workflowName: t.string, workflowId: t.string, channel: t.string, value: JsonValue });
/** An update its validator accepted (`updateId`: the id of its `UpdateWorkflow`): the handler `name` runs with `value`. */
export const UpdateAccepted = t.intersection([
  t.type({ type: t.literal('UpdateAccepted'), updateId: t.string, name: t.string, value: JsonValue }),
  t.partial({ replyTo: t.string }),
]);
/** The handler of update `updateId` returned `result` (absent for undefined) or threw `error`; `replyTo` is told. */
export const UpdateCompleted = t.intersection([
  t.type({ type: t.literal('UpdateCompleted'), updateId: t.string }),
  t.partial({ replyTo: t.string, result: JsonValue, error: ErrorData }),
]);

/**
 * The version `this.version(changeId, …)` gave the code, recorded the first time the code asked: the newest it
 * supported when the instance reached the call live, the oldest when its history had already passed that point.
 * Every later call with `changeId` (and every replay) gets it back. It takes no step (`seq`): inserting a call
 * into running code shifts no later step.
 */
export const VersionMarked = t.type({ type: t.literal('VersionMarked'), changeId: t.string, version: t.number });

export const HistoryEvent = t.union([
  WorkflowStarted, WaiterAdded, TaskScheduled, TaskCompleted, TaskFailed, TaskRetried, TimerStarted, TimerFired,
  ChildWorkflowStarted, ChildWorkflowCompleted, ChildWorkflowFailed, ChildWorkflowRetried, ReceiveStarted, SignalReceived,
  WorkflowCompleted, WorkflowFailed, WorkflowRetried, WorkflowCanceled, WorkflowBlocked, SideEffectRecorded,
  MethodStarted, MethodCompleted, MethodFailed, MethodCalled,
  ReceiveReleased, SignalSent, UpdateAccepted, UpdateCompleted, VersionMarked, WorkflowContinuedAsNew,
]);
export type HistoryEvent = t.TypeOf<typeof HistoryEvent>;
export type HistoryEventType = HistoryEvent['type'];
export type HistoryEventOf<K extends HistoryEventType> = Extract<HistoryEvent, { type: K }>;

/** What the engine stores with every history event. */
export const EventMetadata = t.type({ causationId: t.string, at: t.number });
export type EventMetadata = t.TypeOf<typeof EventMetadata>;
