import type { Envelope } from '../model/envelope';
import type { WorkflowMessage } from '../model/messages';
import type { Names } from '../model/names';
import { type Outgoing, replyTo } from './outgoing-messages';
import type { WorkflowInstance } from './workflow-instance';

/**
 * Answers a message for an instance that does not exist or whose history was cleared: a requester gets
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
  const replyTopic = 'replyTo' in message ? message.replyTo : undefined;
  return replyTopic === undefined ? [] : [replyTo({ workflowName, workflowId }, replyTopic, envelope.id, { status: 'unknown', reason }, at)];
};

/** Answers a request to an ended instance whose history is retained: with its outcome (a signal: that it has ended). */
export const answerEnded = (instance: WorkflowInstance, envelope: Envelope, message: WorkflowMessage, at: number): Outgoing[] => {
  const replyTopic = 'replyTo' in message ? message.replyTo : undefined;
  if (replyTopic === undefined || !instance.outcome) return [];
  const ref = { workflowName: instance.workflowName, workflowId: instance.workflowId };
  // A signal cannot reach an ended workflow: the sender learns it, rather than the outcome.
  if (message.kind === 'SendSignal') return [replyTo(ref, replyTopic, envelope.id, { status: 'unknown', reason: 'has already ended' }, at)];
  return [replyTo(ref, replyTopic, envelope.id, instance.outcome, at)];
};
