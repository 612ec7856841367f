import type { HistoryEventOf } from '../model/history-events';
import type { WorkflowOutcome } from '../model/messages';
import { abandonedUpdateOutcome } from './update-abandoned';
import type { WorkflowInstance } from './workflow-instance';

/** What the caller of an update is answered once its `UpdateCompleted` is recorded: the result, or the error the handler threw. */
export const completedUpdateOutcome = (event: HistoryEventOf<'UpdateCompleted'>): WorkflowOutcome =>
  event.error ? { status: 'failed', error: event.error } : { status: 'completed', result: event.result ?? null };

/**
 * What the caller of update `updateId` was answered, for a copy of the update that comes again: its recorded
 * result, or `UpdateAbandonedError` when the workflow ended while it ran; undefined while it still runs (the
 * answer comes when it returns) or when the instance never accepted it. A walk of the handled messages: only
 * duplicates take it.
 */
export const updateOutcomeOf = (instance: WorkflowInstance, updateId: string): WorkflowOutcome | undefined => {
  for (const events of instance.applied.values()) {
    for (const event of events) if (event.type === 'UpdateCompleted' && event.updateId === updateId) return completedUpdateOutcome(event);
  }
  const open = instance.state.openUpdates?.get(updateId);
  return open && instance.outcome ? abandonedUpdateOutcome(instance, open.name, instance.outcome) : undefined;
};

/**
 * What to keep, once the workflow ended, of the answers its updates' callers got (by update id; only updates
 * with a caller), so that a copy of one that comes after the end is answered the same; undefined when none.
 * `kept` holds the recorded ones (the ended workflow's walk of its handled messages collects them); the
 * updates still open at the end are added as abandoned.
 */
export const withAbandonedUpdates = (instance: WorkflowInstance, kept: Record<string, WorkflowOutcome> | undefined): Record<string, WorkflowOutcome> | undefined => {
  const { outcome } = instance;
  if (outcome) {
    for (const [updateId, open] of instance.state.openUpdates ?? []) if (open.replyTo !== undefined) (kept ??= {})[updateId] = abandonedUpdateOutcome(instance, open.name, outcome);
  }
  return kept;
};
