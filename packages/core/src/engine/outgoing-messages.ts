import type { Envelope } from '../model/envelope';
import type { HistoryEvent } from '../model/history-events';
import type { Message, ParentRef, WorkflowOutcome } from '../model/messages';
import { type Names, taskAttemptId, taskId } from '../model/names';
import { isChildTimeout } from './timeout-events';
import { type RecheckPolicy, recheckOf } from './recheck-policy';
import { abandonedMethodMessages, methodOutcomeMessages } from './method-outgoing';
import { abandonedUpdateMessages } from './update-abandoned';
import { completedUpdateOutcome } from './update-outcomes';
import type { WorkflowInstance } from './workflow-instance';

/** A message to publish, with where and how. */
export interface Outgoing {
  readonly topic: string;
  readonly envelope: Envelope;
  readonly key?: string;
  readonly deliverAt?: number;
}

/** How {@link outgoingFor} builds messages. */
export interface OutgoingOptions {
  /** Put the instance's run on each `ExecuteTask`, for the ids of the `TaskAttemptFailed` events it may cause.
   *  @default true */
  readonly stampRun?: boolean;
  /** Recheck a blocked instance with this backoff (a `RecheckWorkflow` to itself); none: never.
   *  @default none */
  readonly recheck?: Required<RecheckPolicy>;
}

/**
 * The messages that recorded events call for. A pure function of the events and the instance, with ids
 * derived from the workflow id and step, so a redelivered message republishes exactly the same messages
 * and every receiver can drop the copies.
 */
export const outgoingFor = (
  instance: WorkflowInstance, events: readonly HistoryEvent[], causationId: string, at: number, names: Names, options: OutgoingOptions = {},
): Outgoing[] => {
  const { workflowId, workflowName } = instance;
  const run = (options.stampRun ?? true) && instance.run ? { run: instance.run } : {};
  const out: Outgoing[] = [];
  const send = (topic: string, id: string, message: Message, extra: { key?: string; deliverAt?: number } = {}) =>
    out.push({ topic, envelope: { v: 1, id, at, causationId, message }, ...extra });
  const executeTask = (seq: number, retry: number) => {
    const task = instance.tasks.get(seq);
    if (!task) return;
    const id = taskId(workflowId, seq);
    const timeoutAt = task.timeoutAt === undefined ? {} : { timeoutAt: task.timeoutAt };
    send(names.serviceTopic(task.service), taskAttemptId(id, retry, 1), {
      kind: 'ExecuteTask', taskId: id, service: task.service, method: task.method, args: task.args, attempt: 1, retry,
      workflowName, workflowId, seq, tags: instance.tags as string[], meta: instance.meta, ...run, ...timeoutAt, // values, shared: the service copies them for its code
    });
    if (task.timeoutAt !== undefined) armTimeout(seq, task.timeoutAt, retry);
  };
  // The round is in the id: a retried task or child arms a timeout of its own; the run too (and in the message,
  // checked when it fires): a timeout armed by an earlier run under a reused id is neither a duplicate nor due.
  const armTimeout = (seq: number, timeoutAt: number, retry?: number) =>
    send(names.workflowTopic(workflowName), ofRun(`${workflowId}:timeout:${seq}${retry ? `:r${retry}` : ''}`, instance.run),
      { kind: 'TimeoutFired', workflowName, workflowId, seq, ...(retry !== undefined ? { retry } : {}), ...run }, { key: workflowId, deliverAt: timeoutAt });
  const cancelChild = (seq: number, child: { workflowName: string; workflowId: string }, reason: string) =>
    send(names.workflowTopic(child.workflowName), `${workflowId}:cancel-child:${seq}`, {
      kind: 'CancelWorkflow', workflowName: child.workflowName, workflowId: child.workflowId, reason,
    }, { key: child.workflowId });
  const finish = (outcome: WorkflowOutcome) => {
    out.push(...abandonedMethodMessages(instance, outcome, at, names));
    out.push(...abandonedUpdateMessages(instance, outcome));
    for (const waiter of instance.waiters) {
      send(waiter.replyTo, `${workflowId}:reply:${waiter.requestId}:${causationId}`, { kind: 'WorkflowReply', workflowName, workflowId, requestId: waiter.requestId, outcome });
    }
    const parent = instance.parent;
    const message = parent ? childOutcomeFor(instance, parent, outcome) : undefined;
    if (!parent || !message) return;
    send(names.workflowTopic(parent.workflowName), toParentId(workflowId, parent, instance.retries), message, { key: parent.workflowId });
  };

  for (const event of events) {
    switch (event.type) {
      case 'TaskScheduled':
        executeTask(event.seq, 0);
        break;
      case 'TaskRetried':
        executeTask(event.seq, event.retry);
        break;
      case 'TimerStarted':
        send(names.workflowTopic(workflowName), `${workflowId}:timer:${event.seq}`, { kind: 'TimerFired', workflowName, workflowId, seq: event.seq }, { key: workflowId, deliverAt: event.fireAt });
        break;
      case 'ChildWorkflowStarted':
        send(names.workflowTopic(event.workflowName), `${workflowId}:child:${event.seq}`, {
          kind: 'RunWorkflow', workflowName: event.workflowName, workflowId: event.workflowId, method: event.method, args: event.args,
          tags: event.tags, meta: event.meta, parent: { workflowName, workflowId, seq: event.seq },
        }, { key: event.workflowId });
        if (event.timeoutAt !== undefined) armTimeout(event.seq, event.timeoutAt);
        break;
      case 'ChildWorkflowFailed': {
        const child = instance.children.get(event.seq);
        if (child && isChildTimeout(event)) cancelChild(event.seq, child, `parent ${workflowName} ${workflowId} stopped waiting: ${event.error.message}`);
        break;
      }
      case 'ChildWorkflowRetried': {
        const child = instance.children.get(event.seq);
        if (!child) break;
        send(names.workflowTopic(child.workflowName), `${workflowId}:retry-child:${event.seq}:${causationId}`, {
          kind: 'RetryWorkflow', workflowName: child.workflowName, workflowId: child.workflowId,
        }, { key: child.workflowId });
        if (child.timeoutAt !== undefined) armTimeout(event.seq, child.timeoutAt, child.retry);
        break;
      }
      case 'WorkflowBlocked':
        if (options.recheck) out.push(recheckOf(instance, instance.retries, 1, at, causationId, options.recheck, names));
        break;
      case 'UpdateCompleted':
        if (event.replyTo !== undefined) {
          send(event.replyTo, `${workflowId}:reply:${event.updateId}`, {
            kind: 'WorkflowReply', workflowName, workflowId, requestId: event.updateId,
            outcome: completedUpdateOutcome(event),
          });
        }
        break;
      case 'SignalSent':
        send(names.workflowTopic(event.workflowName), signalSentId(workflowId, event.seq, instance.run), {
          kind: 'SendSignal', workflowName: event.workflowName, workflowId: event.workflowId, channel: event.channel, value: event.value,
        }, { key: event.workflowId });
        break;
      case 'WorkflowCompleted':
        finish({ status: 'completed', result: event.result });
        break;
      case 'WorkflowFailed':
        finish({ status: 'failed', error: event.error });
        break;
      case 'WorkflowCanceled':
        finish({ status: 'canceled', reason: event.reason });
        for (const [seq, child] of instance.children) {
          if (!instance.state.open.has(seq)) continue;
          cancelChild(seq, child, `parent ${workflowName} ${workflowId} was canceled`);
        }
        break;
      case 'MethodCompleted':
      case 'MethodFailed':
        out.push(...methodOutcomeMessages(instance, event, at, names));
        break;
      case 'MethodCalled':
        send(names.workflowTopic(event.workflowName), ofRun(`${workflowId}:call:${event.seq}`, instance.run), {
          kind: 'RunMethod', workflowName: event.workflowName, workflowId: event.workflowId, method: event.method, args: event.args,
          caller: { workflowName, workflowId, seq: event.seq },
        }, { key: event.workflowId });
        break;
      default:
        break;
    }
  }
  return out;
};

/**
 * The id of the `SendSignal` a workflow's step `seq` sends: the same at every publish, so the receiver applies it
 * once, and with the sender's `run`, so a later run under a reused id is not taken for a copy of an earlier one.
 */
export const signalSentId = (workflowId: string, seq: number, run = ''): string => ofRun(`${workflowId}:signal:${seq}`, run);

/** A message id of one run of an instance (unchanged without a run: an instance built outside an engine). */
const ofRun = (id: string, run: string): string => (run ? `${id}@${run}` : id);

/** A reply sent straight away, for a request that changes nothing in history. */
export const replyTo = (instanceRef: { workflowName: string; workflowId: string }, replyTopic: string, requestId: string, outcome: WorkflowOutcome, at: number): Outgoing => ({
  topic: replyTopic,
  envelope: { v: 1, id: `${instanceRef.workflowId}:reply:${requestId}`, at, causationId: requestId, message: { kind: 'WorkflowReply', ...instanceRef, requestId, outcome } },
});

/** What a child's outcome tells its parent's step; nothing for an outcome that is not an end. */
export const childOutcomeFor = (child: { workflowName: string; workflowId: string }, parent: ParentRef, outcome: WorkflowOutcome): Message | undefined => {
  if (outcome.status === 'accepted' || outcome.status === 'unknown' || outcome.status === 'refused') return undefined;
  const target = { workflowName: parent.workflowName, workflowId: parent.workflowId, seq: parent.seq };
  return outcome.status === 'completed'
    ? { kind: 'ChildWorkflowCompleted', ...target, result: outcome.result }
    : { kind: 'ChildWorkflowFailed', ...target, error: outcome.status === 'failed' ? outcome.error : canceledError(child, outcome.reason) };
};

/** The id of a child's outcome message to its parent. After a retry the parent has already applied the earlier outcome's id: this one needs its own. */
export const toParentId = (childId: string, parent: ParentRef, retries: number): string =>
  `${childId}:to-parent:${parent.seq}${retries > 0 ? `:r${retries}` : ''}`;

const canceledError = (instance: { workflowName: string; workflowId: string }, reason: string) => ({
  name: 'WorkflowCanceledError',
  message: `workflow ${instance.workflowName} ${instance.workflowId} was canceled: ${reason}`,
  code: 'WORKFLOW_CANCELED',
  retriable: false,
  data: { workflowName: instance.workflowName, workflowId: instance.workflowId, reason },
});
