import { NonDeterminismError } from '../errors/non-determinism-error';
import type { EventMetadata, HistoryEvent } from '../model/history-events';
import type { Revision } from '../ports/history-store.port';
import type { WorkflowClass } from '../workflow/workflow';
import { foldHistory } from './evolve';
import { rebuildState, replay, type ReplayOptions } from './replay';
import type { RecordedEvent } from './stored-history';
import type { WorkflowInstance } from './workflow-instance';
import type { InstanceStatus } from './workflow-state';

/** What `retry` decides: refused (the workflow has not failed), or the events that retry it and the instance after them. */
export type RetryDecision =
  | { readonly kind: 'refused'; readonly status: InstanceStatus }
  | { readonly kind: 'retried'; readonly events: HistoryEvent[]; readonly instance: WorkflowInstance };

/**
 * Decides a retry of a failed or blocked workflow from the recorded history, in memory, so that the retry and the steps the code takes
 * after it go into one append. Every failed task or child that made the workflow fail is retried: when the code,
 * replayed with one failure taken back, fails at once on another recorded task failure (two parallel tasks
 * that both failed), that task is retried too, in the same decision.
 */
export const decideRetry = async (
  workflowClass: WorkflowClass, workflowId: string, recorded: readonly RecordedEvent[], revision: Revision, metadata: EventMetadata, options: ReplayOptions = {},
): Promise<RetryDecision> => {
  const state = foldHistory(workflowId, recorded, revision);
  if (state.status !== 'failed' && state.status !== 'blocked') return { kind: 'refused', status: state.status };
  const retriable = (seq: number) => state.tasks.has(seq) || state.children.has(seq);
  const retried = new Set<number>();
  if (state.failedSeq !== undefined && retriable(state.failedSeq)) retried.add(state.failedSeq);
  // Each round retries one more task, and there are finitely many.
  for (;;) {
    const events: HistoryEvent[] = [
      ...[...retried].map((seq): HistoryEvent => {
        const task = state.tasks.get(seq);
        // A failed child is retried by retrying it: the parent sends it RetryWorkflow and waits on it again.
        return task ? { type: 'TaskRetried', seq, retry: task.retry + 1 } : { type: 'ChildWorkflowRetried', seq };
      }),
      { type: 'WorkflowRetried' },
    ];
    const history = [...recorded, ...events.map((event) => ({ event, metadata }))];
    let instance: WorkflowInstance;
    try {
      instance = await replay(workflowClass, workflowId, history, revision, options);
    } catch (error) {
      if (!(error instanceof NonDeterminismError)) throw error;
      instance = await rebuildState(workflowClass, workflowId, history, revision);
      instance.broken = error;
      return { kind: 'retried', events, instance };
    }
    const { code } = instance;
    const failedAgainAt = code.done && !code.ok ? instance.failedSeqOf(code.error) : undefined;
    if (failedAgainAt === undefined || retried.has(failedAgainAt) || !retriable(failedAgainAt)) return { kind: 'retried', events, instance };
    retried.add(failedAgainAt);
  }
};
