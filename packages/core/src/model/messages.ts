import * as t from 'io-ts';
import { ErrorData } from './error-data';
import { HistoryEvent } from './history-events';
import { JsonValue, Meta } from './json';
import { QueryWorkflow, RunMethod } from './method-messages';
import { CompleteTimers, RetryTasks } from './operation-messages';
import { ParentRef } from './parent-ref';

export { CompleteTimers, ParentRef, QueryWorkflow, RetryTasks, RunMethod };

const workflowTarget = { workflowName: t.string, workflowId: t.string };

/** Start a workflow instance (or attach `replyTo` to the existing one with this id). */
export const RunWorkflow = t.intersection([
  t.type({ kind: t.literal('RunWorkflow'), ...workflowTarget, method: t.string, args: t.array(JsonValue), tags: t.array(t.string), meta: Meta }),
  t.partial({ replyTo: t.string, parent: ParentRef }),
]);
/** Ask for the outcome of an existing instance, to be sent to `replyTo`. */
export const WaitWorkflow = t.type({ kind: t.literal('WaitWorkflow'), ...workflowTarget, replyTo: t.string });
/** Re-run the failed tasks of a failed instance and resume it from the point of failure. */
export const RetryWorkflow = t.intersection([t.type({ kind: t.literal('RetryWorkflow'), ...workflowTarget }), t.partial({ replyTo: t.string })]);
/** Cancel an instance: its pending steps are abandoned, waiters get a cancellation error. */
export const CancelWorkflow = t.intersection([
  t.type({ kind: t.literal('CancelWorkflow'), ...workflowTarget, reason: t.string }),
  t.partial({ replyTo: t.string }),
]);
/** A value sent to a named channel of an instance; with `replyTo`, the sender learns whether it arrived. */
export const SendSignal = t.intersection([
  t.type({ kind: t.literal('SendSignal'), ...workflowTarget, channel: t.string, value: JsonValue }),
  t.partial({ replyTo: t.string }),
]);
/**
 * An update (Temporal's): `value` for the workflow's update handler `name`; `replyTo` gets the handler's result
 * once it is recorded, or a refusal (validator, unknown name) with nothing recorded.
 */
export const UpdateWorkflow = t.intersection([
  t.type({ kind: t.literal('UpdateWorkflow'), ...workflowTarget, name: t.string, value: JsonValue }),
  t.partial({ replyTo: t.string }),
]);

/** Run one attempt of a task on a service worker. */
export const ExecuteTask = t.intersection([
  t.type({
    kind: t.literal('ExecuteTask'),
    taskId: t.string,
    service: t.string,
    method: t.string,
    args: t.array(JsonValue),
    attempt: t.number,
    /** How many times `retry` of the workflow has run this task again. */
    retry: t.number,
    ...workflowTarget,
    seq: t.number,
    tags: t.array(t.string),
    meta: Meta,
  }),
  t.partial({
    lastError: ErrorData,
    /** The run of the workflow instance (see `workflowRunId`): keeps the event ids of two runs under one reused id apart. */
    run: t.string,
    /** The task's end-to-end deadline (epoch ms), when the workflow gave it a timeout: no attempt runs past it. */
    timeoutAt: t.number,
  }),
]);
/**
 * The round of the task an outcome answers: the `retry` of the `ExecuteTask` it comes from. Optional, so
 * outcomes sent by a worker that did not stamp it still decode (they are taken for the current round).
 */
const taskRound = t.partial({
  /** How many times `retry` of the workflow had run the task again when the attempt was dispatched. */
  retry: t.number,
});
/** A task's result, sent by the service worker to the workflow. */
export const TaskCompleted = t.intersection([
  t.type({ kind: t.literal('TaskCompleted'), ...workflowTarget, seq: t.number, taskId: t.string, result: JsonValue, attempt: t.number }),
  taskRound,
]);
/** A task that failed its last attempt, or failed with a non-retriable error. */
export const TaskFailed = t.intersection([
  t.type({ kind: t.literal('TaskFailed'), ...workflowTarget, seq: t.number, taskId: t.string, error: ErrorData, attempt: t.number }),
  taskRound,
]);
/**
 * An engine's note to itself, published with `deliverAt` while an instance is blocked: replay it from its history
 * and, when the code now matches (a worker with fixed code handles it), take the block back. `round`: the
 * instance's `retries` when it blocked (a recheck of an earlier block is dropped); `attempt`: 1, 2, … (the backoff).
 */
export const RecheckWorkflow = t.type({ kind: t.literal('RecheckWorkflow'), ...workflowTarget, round: t.number, attempt: t.number });
/** A timer that became due; published with `deliverAt`. */
export const TimerFired = t.type({ kind: t.literal('TimerFired'), ...workflowTarget, seq: t.number });
/** A child workflow's outcome, sent to its parent. */
export const ChildWorkflowCompleted = t.type({ kind: t.literal('ChildWorkflowCompleted'), ...workflowTarget, seq: t.number, result: JsonValue });
export const ChildWorkflowFailed = t.type({ kind: t.literal('ChildWorkflowFailed'), ...workflowTarget, seq: t.number, error: ErrorData });

/** The outcome of a workflow, sent to each client that waits for it. */
export const WorkflowOutcome = t.union([
  t.type({ status: t.literal('completed'), result: JsonValue }),
  t.type({ status: t.literal('failed'), error: ErrorData }),
  t.type({ status: t.literal('canceled'), reason: t.string }),
  t.type({ status: t.literal('unknown'), reason: t.string }),
  t.type({ status: t.literal('accepted') }),
  /** The request was refused; `error` says why (e.g. `WORKFLOW_NOT_FAILED` for a retry of a running workflow). */
  t.type({ status: t.literal('refused'), error: ErrorData }),
], 'WorkflowOutcome');
export type WorkflowOutcome = t.TypeOf<typeof WorkflowOutcome>;
/** Answers the request whose envelope id is `requestId`. */
export const WorkflowReply = t.type({ kind: t.literal('WorkflowReply'), ...workflowTarget, requestId: t.string, outcome: WorkflowOutcome });

/** What a truncated dead letter still tells about the envelope it stood for: enough to route it. */
export const DeadLetterOrigin = t.intersection([
  t.type({ id: t.string, kind: t.string }),
  t.partial({ workflowName: t.string, workflowId: t.string, seq: t.number, taskId: t.string, attempt: t.number, retry: t.number }),
]);

/**
 * A message that could not be handled, with the reason; its original bytes are kept, base64-encoded. A dead
 * letter that would not fit the transport (see `fitDeadLetter`) keeps only the first bytes: then `truncated` is
 * true, `rawBytes` and `rawSha256` (hex) describe the whole original, and `origin` names the envelope it was.
 */
export const DeadLetter = t.intersection([
  t.type({ kind: t.literal('DeadLetter'), originalTopic: t.string, reason: t.string, deliveries: t.number, raw: t.string }),
  t.partial({ key: t.string, truncated: t.boolean, rawBytes: t.number, rawSha256: t.string, origin: DeadLetterOrigin }),
]);

/**
 * One history event of a {@link WorkflowEvents} step, at its index in the stream (its revision), with what a
 * listener needs and the event alone does not say: the task (`service`, `method`, `retry` round) or the child
 * workflow that a `seq` refers to, for a signal whether it waited in the channel's buffer, and for a receive
 * the buffered value it took.
 */
export const WorkflowEventEntry = t.intersection([
  t.type({ index: t.number, event: HistoryEvent }),
  t.partial({
    task: t.type({ service: t.string, method: t.string, retry: t.number }),
    child: t.type({ workflowName: t.string, workflowId: t.string }),
    buffered: t.boolean,
    /** On a `ReceiveStarted` that took a value waiting in the channel's buffer: that value. */
    received: t.type({ value: JsonValue }),
  }),
]);
export type WorkflowEventEntry = t.TypeOf<typeof WorkflowEventEntry>;

/**
 * The history events one step of an instance appended, published by the workflow engine to the events topic
 * (keyed by workflow id) with the step's other messages. `run` tells the runs of one reused id apart; `at` is
 * when the step was decided (the events' stored time).
 */
export const WorkflowEvents = t.type({
  kind: t.literal('WorkflowEvents'), ...workflowTarget, run: t.string, at: t.number, events: t.array(WorkflowEventEntry),
});

/**
 * One failed attempt of a task, published by the service worker to the events topic: `retryInMs` is the wait
 * before the next attempt, absent when the task failed for good (then `TaskFailed` goes to the workflow too).
 */
export const TaskAttemptFailed = t.intersection([
  t.type({
    kind: t.literal('TaskAttemptFailed'), ...workflowTarget, taskId: t.string, service: t.string, method: t.string, seq: t.number,
    attempt: t.number, retry: t.number, error: ErrorData,
  }),
  t.partial({ retryInMs: t.number, run: t.string }),
]);

/**
 * The end-to-end timeout of the task or child at step `seq` is due; published with `deliverAt` when the step
 * starts. `retry` is the task's or child's round it was armed for (a timeout of a round that `retry` replaced is
 * late); `run` the run of the instance that armed it (a timeout armed by an earlier run under a reused id is late).
 */
export const TimeoutFired = t.intersection([
  t.type({ kind: t.literal('TimeoutFired'), ...workflowTarget, seq: t.number }),
  t.partial({ retry: t.number, run: t.string }),
]);

/**
 * The outcome of a delegated task, from `client.completeDelegatedTask` or `failDelegatedTask`: for the task
 * at `seq` of `service`.`method`, in `retry` round (all parsed from its delegated task id). The sender learns
 * on `replyTo` whether it was applied.
 */
export const CompleteDelegatedTask = t.intersection([
  t.type({
    kind: t.literal('CompleteDelegatedTask'), ...workflowTarget, seq: t.number, retry: t.number, service: t.string, method: t.string, taskId: t.string,
    outcome: t.union([t.type({ status: t.literal('completed'), result: JsonValue }), t.type({ status: t.literal('failed'), error: ErrorData })]),
  }),
  t.partial({ replyTo: t.string }),
]);

/** Every message Cadenza puts on a transport. */
export const Message = t.union([
  RunWorkflow, WaitWorkflow, RetryWorkflow, CancelWorkflow, SendSignal,
  ExecuteTask, TaskCompleted, TaskFailed, TimerFired, ChildWorkflowCompleted, ChildWorkflowFailed,
  WorkflowReply, DeadLetter, WorkflowEvents, TaskAttemptFailed, TimeoutFired, CompleteDelegatedTask,
  RunMethod, QueryWorkflow, UpdateWorkflow, RecheckWorkflow, RetryTasks, CompleteTimers,
], 'Message');

/** Every message kind this build knows. */
export const MESSAGE_KINDS: ReadonlySet<string> = new Set(Message.types.map((codec) => {
  const props = 'props' in codec ? codec.props : codec.types[0].props;
  return (props.kind as t.LiteralC<string>).value;
}));
export type Message = t.TypeOf<typeof Message>;
export type MessageKind = Message['kind'];
export type MessageOf<K extends MessageKind> = Extract<Message, { kind: K }>;
/** Messages addressed to a workflow instance (topic `workflow.<Name>`, keyed by workflow id). */
export type WorkflowMessage = MessageOf<
  'RunWorkflow' | 'WaitWorkflow' | 'RetryWorkflow' | 'CancelWorkflow' | 'SendSignal' | 'TaskCompleted' | 'TaskFailed'
  | 'TimerFired' | 'ChildWorkflowCompleted' | 'ChildWorkflowFailed' | 'TimeoutFired' | 'CompleteDelegatedTask'
  | 'RunMethod' | 'QueryWorkflow' | 'UpdateWorkflow' | 'RecheckWorkflow' | 'RetryTasks' | 'CompleteTimers'
>;
