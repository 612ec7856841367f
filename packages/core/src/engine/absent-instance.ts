import type { Envelope } from '../model/envelope';
import { WorkflowNotFailedError } from '../errors/workflow-not-failed-error';
import { toErrorData } from '../model/error-data';
import type { WorkflowMessage, WorkflowOutcome } from '../model/messages';
import type { Names } from '../model/names';
import { type EndedWorkflow, isAcceptedRequest } from './ended-workflow';
import { childOutcomeFor, type Outgoing, replyTo, toParentId } from './outgoing-messages';
import { answerMethodCaller, requestOf } from './method-start';
import { sameParent, startConflict } from './start-conflict';
import { endedStateView, isStateQuery } from './workflow-state-view';

/**
 * Answers a message for an instance that does not exist, or whose history was cleared with no outcome kept
 * (or one that no longer decodes): a requester gets
 * `unknown`, a parent starting a child under an ended id gets `ChildWorkflowFailed`, anything else is dropped.
 */
export const answerAbsent = (envelope: Envelope, message: WorkflowMessage, state: 'deleted' | 'no-stream', names: Names, at: number): Outgoing[] => {
  const reason = state === 'deleted' ? 'has already ended (its history was cleared)' : 'does not exist';
  const { workflowName, workflowId } = message;
  if (message.kind === 'RunWorkflow' && message.parent) {
    const { parent } = message;
    return [{
      topic: names.workflowTopic(parent.workflowName), key: parent.workflowId,
      envelope: { v: 1, id: `${workflowId}:to-parent:${parent.seq}`, at, causationId: envelope.id, message: {
        kind: 'ChildWorkflowFailed', workflowName: parent.workflowName, workflowId: parent.workflowId, seq: parent.seq,
        error: { name: 'WorkflowUnknownError', message: `workflow ${workflowName} ${workflowId} ${reason}`, code: 'WORKFLOW_UNKNOWN', retriable: false },
      } },
    }];
  }
  if (message.kind === 'RunMethod') return answerMethodCaller({ workflowName, workflowId }, requestOf(envelope, message), { status: 'unknown', reason }, names, at);
  const replyTopic = 'replyTo' in message ? message.replyTo : undefined;
  return replyTopic === undefined ? [] : [replyTo({ workflowName, workflowId }, replyTopic, envelope.id, { status: 'unknown', reason }, at)];
};

/**
 * Answers a request to an ended instance from what is kept of it (its retained history, or the outcome kept
 * beside its tombstone until swept). A wait, a cancel or the same start gets the outcome, and a parent's same
 * start gets the child's outcome for its step; a start with another method or arguments is refused as under
 * a running instance; a signal learns that the workflow has ended; a retry is refused; anything else is dropped.
 * A copy of a signal, cancel, retry or delegated completion that the workflow applied before it ended is answered `accepted` again,
 * and a copy of an update it applied with what its caller was answered (its result, or `UpdateAbandonedError`).
 */
export const answerEnded = (ended: EndedWorkflow, ref: { workflowName: string; workflowId: string }, envelope: Envelope, message: WorkflowMessage, names: Names, at: number): Outgoing[] => {
  const { outcome } = ended;
  if (isAcceptedRequest(message.kind) && ended.accepted?.includes(envelope.id)) return replyOutcome(ref, envelope, message, { status: 'accepted' }, at);
  if (message.kind === 'RunWorkflow') {
    const conflict = startConflict({ ...ref, started: ended }, envelope, message, names, at, 'ended');
    if (conflict.length > 0 || !message.parent) return conflict.length > 0 ? conflict : replyOutcome(ref, envelope, message, outcome, at);
    const { parent } = message;
    const toParent = childOutcomeFor(ref, parent, outcome);
    // The parent it ran for has this id already (a redelivered start is dropped there); another parent gets its own.
    const id = sameParent(parent, ended.parent) ? toParentId(ref.workflowId, parent, ended.retries) : `${ref.workflowId}:to-parent:${parent.workflowId}:${parent.seq}`;
    return toParent ? [{ topic: names.workflowTopic(parent.workflowName), key: parent.workflowId, envelope: { v: 1, id, at, causationId: envelope.id, message: toParent } }] : [];
  }
  if (message.kind === 'RunMethod') return answerMethodCaller(ref, requestOf(envelope, message), { status: 'unknown', reason: 'has already ended' }, names, at);
  // A copy of an update the workflow applied gets what its first copy got.
  const update = message.kind === 'UpdateWorkflow' ? ended.updates?.[envelope.id] : undefined;
  if (update) return replyOutcome(ref, envelope, message, update, at);
  if (message.kind === 'QueryWorkflow' && isStateQuery(message)) return replyOutcome(ref, envelope, message, { status: 'completed', result: endedStateView(ref, ended) }, at);
  if (message.kind === 'SendSignal' || message.kind === 'CompleteDelegatedTask' || message.kind === 'QueryWorkflow' || message.kind === 'UpdateWorkflow' || message.kind === 'RetryTasks' || message.kind === 'CompleteTimers') return replyOutcome(ref, envelope, message, { status: 'unknown', reason: 'has already ended' }, at);
  if (message.kind === 'RetryWorkflow') {
    const refusal = new WorkflowNotFailedError(ref.workflowName, ref.workflowId, `has ${outcome.status}`);
    return replyOutcome(ref, envelope, message, { status: 'refused', error: toErrorData(refusal) }, at);
  }
  return replyOutcome(ref, envelope, message, outcome, at);
};

const replyOutcome = (ref: { workflowName: string; workflowId: string }, envelope: Envelope, message: WorkflowMessage, outcome: WorkflowOutcome, at: number): Outgoing[] => {
  const replyTopic = 'replyTo' in message ? message.replyTo : undefined;
  return replyTopic === undefined ? [] : [replyTo(ref, replyTopic, envelope.id, outcome, at)];
};
