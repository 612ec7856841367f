import * as t from 'io-ts';
import { ErrorData } from '../model/error-data';
import { JsonValue, Meta } from '../model/json';
import { ParentRef } from '../model/parent-ref';

/**
 * The io-ts codecs of the `data` of each CloudEvent type (see `EVENT_CATALOGUE`). Every `data` names its
 * workflow instance, so a consumer that keeps only `data` still knows where an event belongs.
 */
const instance = { workflowName: t.string, workflowId: t.string };
const task = { ...instance, taskId: t.string, seq: t.number, service: t.string, method: t.string, retry: t.number };
const child = t.type({ workflowName: t.string, workflowId: t.string });

export const WorkflowDispatchedData = t.intersection([
  t.type({ ...instance, method: t.string, args: t.array(JsonValue), tags: t.array(t.string), meta: Meta }), t.partial({ parent: ParentRef, version: t.number }),
], 'WorkflowDispatchedData');
export const WorkflowStartedData = t.type({ ...instance, method: t.string }, 'WorkflowStartedData');
export const WorkflowCompletedData = t.type({ ...instance, result: JsonValue }, 'WorkflowCompletedData');
export const WorkflowFailedData = t.intersection([t.type({ ...instance, error: ErrorData }), t.partial({ failedSeq: t.number })], 'WorkflowFailedData');
export const WorkflowCanceledData = t.type({ ...instance, reason: t.string }, 'WorkflowCanceledData');
export const WorkflowRetriedData = t.type(instance, 'WorkflowRetriedData');
export const WorkflowBlockedData = t.type({ ...instance, error: ErrorData }, 'WorkflowBlockedData');

/** `timeoutMs` and `timeoutAt`: the task's end-to-end timeout, when the workflow gave it one. */
export const TaskScheduledData = t.intersection([t.type(task), t.partial({ args: t.array(JsonValue), timeoutMs: t.number, timeoutAt: t.number })], 'TaskScheduledData');
export const TaskAttemptStartedData = t.intersection([t.type({ ...task, attempt: t.number }), t.partial({ dueAt: t.number })], 'TaskAttemptStartedData');
export const TaskAttemptFailedData = t.intersection([
  t.type({ ...task, attempt: t.number, error: ErrorData }), t.partial({ retryInMs: t.number }),
], 'TaskAttemptFailedData');
export const TaskCompletedData = t.type({ ...task, result: JsonValue }, 'TaskCompletedData');
export const TaskFailedData = t.type({ ...task, error: ErrorData }, 'TaskFailedData');

export const TimerStartedData = t.type({ ...instance, seq: t.number, fireAt: t.number }, 'TimerStartedData');
/** `byClient`: `client.completeTimers` completed the timer before it was due. */
export const TimerFiredData = t.intersection([t.type({ ...instance, seq: t.number }), t.partial({ byClient: t.literal(true) })], 'TimerFiredData');

export const SignalData = t.type({ ...instance, channel: t.string, value: JsonValue }, 'SignalData');
/** A receive at step `seq` that lost a `Deferred.any` race and left its channel's line. */
/** A value the workflow at step `seq` sent to `channel` of the instance `to`. */
export const SignalDispatchedData = t.type({ ...instance, seq: t.number, to: child, channel: t.string, value: JsonValue }, 'SignalDispatchedData');
/** An update the workflow accepted (`updateId`: its request) and the handler `name` runs with `value`. */
export const UpdateAcceptedData = t.type({ ...instance, updateId: t.string, name: t.string, value: JsonValue }, 'UpdateAcceptedData');
/** An update's handler returned (`result`) or threw (`error`). */
export const UpdateCompletedData = t.intersection([t.type({ ...instance, updateId: t.string }), t.partial({ result: JsonValue, error: ErrorData })], 'UpdateCompletedData');
export const ReceiveReleasedData = t.type({ ...instance, channel: t.string, seq: t.number }, 'ReceiveReleasedData');

/** `timeoutMs` and `timeoutAt`: the child's end-to-end timeout, when the parent gave it one. */
export const ChildStartedData = t.intersection([
  t.type({ ...instance, seq: t.number, child, method: t.string, args: t.array(JsonValue), tags: t.array(t.string), meta: Meta }),
  t.partial({ timeoutMs: t.number, timeoutAt: t.number }),
], 'ChildStartedData');
export const ChildCompletedData = t.intersection([t.type({ ...instance, seq: t.number, result: JsonValue }), t.partial({ child })], 'ChildCompletedData');
/** `timedOut`: the parent's end-to-end timeout for the child fired (the parent canceled it), not the child's own failure. */
export const ChildFailedData = t.intersection([t.type({ ...instance, seq: t.number, error: ErrorData }), t.partial({ child, timedOut: t.literal(true) })], 'ChildFailedData');

export const VersionMarkedData = t.type({ ...instance, changeId: t.string, version: t.number }, 'VersionMarkedData');
export const SideEffectRecordedData = t.intersection([t.type({ ...instance, seq: t.number }), t.partial({ value: JsonValue, error: ErrorData })], 'SideEffectRecordedData');
export const MethodStartedData = t.type({ ...instance, methodRun: t.number, method: t.string, args: t.array(JsonValue) }, 'MethodStartedData');
export const MethodCompletedData = t.type({ ...instance, methodRun: t.number, result: JsonValue }, 'MethodCompletedData');
export const MethodCalledData = t.type({ ...instance, seq: t.number, target: child, method: t.string, args: t.array(JsonValue) }, 'MethodCalledData');
export const MethodFailedData = t.type({ ...instance, methodRun: t.number, error: ErrorData }, 'MethodFailedData');
/** The run ended with `continueAsNew`: run number `run` starts under the same id with `args`. */
export const WorkflowContinuedData = t.type({ ...instance, args: t.array(JsonValue), run: t.number }, 'WorkflowContinuedData');
