import { UpdateAbandonedError } from '../errors/update-abandoned-error';
import { toErrorData } from '../model/error-data';
import type { WorkflowOutcome } from '../model/messages';
import type { Outgoing } from './outgoing-messages';
import type { WorkflowInstance } from './workflow-instance';

/**
 * The end of the workflow abandons the updates still running (accepted, their `UpdateCompleted` not recorded):
 * each caller is answered `refused` with an {@link UpdateAbandonedError} naming the end. The reply has the id an
 * `UpdateCompleted` would have given it (`<workflowId>:reply:<updateId>`), so a re-publish sends the same reply
 * and the caller takes one answer per update.
 */
export const abandonedUpdateMessages = (instance: WorkflowInstance, outcome: WorkflowOutcome): Outgoing[] => {
  const open = instance.state.openUpdates;
  if (!open || open.size === 0) return [];
  const { workflowName, workflowId } = instance;
  const out: Outgoing[] = [];
  for (const [updateId, update] of open) {
    if (update.replyTo === undefined) continue;
    out.push({
      topic: update.replyTo,
      envelope: {
        v: 1, id: `${workflowId}:reply:${updateId}`, at: instance.time, causationId: updateId,
        message: { kind: 'WorkflowReply', workflowName, workflowId, requestId: updateId, outcome: abandonedUpdateOutcome(instance, update.name, outcome) },
      },
    });
  }
  return out;
};

/** The answer to the caller of update `update`, abandoned by the workflow's end `outcome`: `refused` with an {@link UpdateAbandonedError}. */
export const abandonedUpdateOutcome = (instance: { workflowName: string; workflowId: string }, update: string, outcome: WorkflowOutcome): WorkflowOutcome => {
  const reason = `the workflow ${outcome.status === 'canceled' ? 'was canceled' : outcome.status} before the update returned`;
  return { status: 'refused', error: toErrorData(new UpdateAbandonedError(instance.workflowName, instance.workflowId, update, reason)) };
};
