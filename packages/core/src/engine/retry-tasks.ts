import { NonDeterminismError } from '../errors/non-determinism-error';
import { TaskNotFailedError } from '../errors/task-not-failed-error';
import type { ErrorData } from '../model/error-data';
import type { EventMetadata, HistoryEvent } from '../model/history-events';
import type { MessageOf } from '../model/messages';
import { taskId } from '../model/names';
import type { FailedTaskStatus } from '../model/operation-messages';
import type { Revision } from '../ports/history-store.port';
import type { WorkflowClass } from '../workflow/workflow';
import { timerId } from './complete-timers';
import { foldHistory } from './evolve';
import { rebuildState, replay, type ReplayOptions } from './replay';
import type { RecordedEvent } from './stored-history';
import type { WorkflowInstance } from './workflow-instance';
import type { WorkflowState } from './workflow-state';

/**
 * What `retryTasks` decides: refused (a task named by id is not a failed task waiting for a retry), nothing to
 * retry (no failed task matches), or the events that retry the tasks `taskIds` and the instance after them.
 */
export type RetryTasksDecision =
  | { readonly kind: 'refused'; readonly error: TaskNotFailedError }
  | { readonly kind: 'none' }
  | { readonly kind: 'retried'; readonly taskIds: string[]; readonly events: HistoryEvent[]; readonly instance: WorkflowInstance };

/** How a failed task stands, from the error that failed it: its end-to-end timeout, or anything else. */
export const failedTaskStatus = (error: ErrorData): FailedTaskStatus => (error.code === 'TASK_TIMED_OUT' ? 'timed-out' : 'failed');

/** The seq of a task id of this instance (`<workflowId>:<seq>`), or undefined when it is not one. */
const seqOfTaskId = (workflowId: string, id: string): number | undefined => {
  const prefix = `${workflowId}:`;
  const rest = id.startsWith(prefix) ? id.slice(prefix.length) : '';
  return /^[1-9]\d*$/.test(rest) ? Number(rest) : undefined;
};

/** The failed tasks a message selects, by seq in step order, or why a task it names cannot be retried. */
const selectFailed = (state: WorkflowState, workflowName: string, message: MessageOf<'RetryTasks'>): number[] | TaskNotFailedError => {
  const { workflowId } = state;
  if (message.taskId !== undefined) {
    const seq = seqOfTaskId(workflowId, message.taskId);
    const refuse = (reason: string) => new TaskNotFailedError(workflowName, workflowId, message.taskId!, reason);
    if (seq === undefined || !state.tasks.has(seq)) return refuse('does not exist');
    if (state.open.has(seq)) return refuse('is running');
    if (!state.failures?.has(seq)) return refuse('has completed');
    return [seq];
  }
  const selected: number[] = [];
  for (const [seq, error] of state.failures ?? []) {
    const task = state.tasks.get(seq);
    if (!task) continue;
    if (message.status !== undefined && failedTaskStatus(error) !== message.status) continue;
    if (message.service !== undefined && task.service !== message.service) continue;
    if (message.method !== undefined && task.method !== message.method) continue;
    selected.push(seq);
  }
  return selected.sort((a, b) => a - b);
};

/**
 * Decides a `retryTasks` from the recorded history, in memory, so that the retry and the steps the code takes
 * after it go into one append (as `decideRetry` does). Each selected task gets a `TaskRetried` (its failure no
 * longer counts, a new round runs); a failed workflow is resumed (`WorkflowRetried`) only when the task whose
 * failure failed it is among them, else it stays failed while the tasks run again.
 *
 * Retrying takes the recorded failure back, so the code replays as if it never saw it: a failure the code
 * already handled (it caught the error and went on) cannot be taken back without changing what the code did.
 * Such a task is refused when named by id and left out when selected by a filter; each candidate is tried in a
 * replay, in step order. Code that no longer matches the history (a blocked workflow) runs no code: its tasks
 * are retried on the fold alone.
 */
export const decideRetryTasks = async (
  workflowClass: WorkflowClass, workflowName: string, workflowId: string, recorded: readonly RecordedEvent[], revision: Revision,
  metadata: EventMetadata, message: MessageOf<'RetryTasks'>, options: ReplayOptions = {},
): Promise<RetryTasksDecision> => {
  const state = foldHistory(workflowId, recorded, revision);
  const selected = selectFailed(state, workflowName, message);
  if (selected instanceof TaskNotFailedError) return { kind: 'refused', error: selected };
  if (selected.length === 0) return { kind: 'none' };
  const eventsFor = (seqs: readonly number[]): HistoryEvent[] => {
    const events: HistoryEvent[] = seqs.map((seq) => ({ type: 'TaskRetried', seq, retry: state.tasks.get(seq)!.retry + 1 }));
    if (state.status === 'failed' && state.failedSeq !== undefined && seqs.includes(state.failedSeq)) events.push({ type: 'WorkflowRetried' });
    return events;
  };
  const withEvents = (events: readonly HistoryEvent[]) => [...recorded, ...events.map((event) => ({ event, metadata }))];
  const decided = (seqs: readonly number[], instance: WorkflowInstance, events: HistoryEvent[]): RetryTasksDecision =>
    ({ kind: 'retried', taskIds: seqs.map((seq) => taskId(workflowId, seq)), events, instance });

  const asRecorded = await replayOrError(workflowClass, workflowId, recorded, revision, options);
  if (asRecorded instanceof NonDeterminismError) {
    const events = eventsFor(selected);
    const instance = await rebuildState(workflowClass, workflowId, withEvents(events), revision);
    instance.broken = asRecorded;
    return decided(selected, instance, events);
  }
  const kept: number[] = [];
  let last: { instance: WorkflowInstance; events: HistoryEvent[] } | undefined;
  for (const seq of selected) {
    const events = eventsFor([...kept, seq]);
    const instance = await replayOrError(workflowClass, workflowId, withEvents(events), revision, options);
    if (!(instance instanceof NonDeterminismError)) {
      kept.push(seq);
      last = { instance, events };
    } else if (message.taskId !== undefined) {
      return { kind: 'refused', error: new TaskNotFailedError(workflowName, workflowId, message.taskId, 'failed, and the workflow code already handled that failure (it caught the error and went on)') };
    }
  }
  return last ? decided(kept, last.instance, last.events) : { kind: 'none' };
};

/** The instance a history replays into, or the NonDeterminismError of code that does not match it. */
const replayOrError = async (
  workflowClass: WorkflowClass, workflowId: string, events: readonly RecordedEvent[], revision: Revision, options: ReplayOptions,
): Promise<WorkflowInstance | NonDeterminismError> => {
  try {
    return await replay(workflowClass, workflowId, events, revision, options);
  } catch (error) {
    if (error instanceof NonDeterminismError) return error;
    throw error;
  }
};

/**
 * What a copy of a `RetryTasks` or `CompleteTimers` that was applied is answered: the ids it retried or
 * completed, read from the events it caused (so a redelivery whose first reply was lost gets the same answer).
 */
export const operationIdsOf = (workflowId: string, events: readonly HistoryEvent[]): string[] =>
  events.flatMap((event) => {
    if (event.type === 'TaskRetried') return [taskId(workflowId, event.seq)];
    if (event.type === 'TimerFired' && event.byClient) return [timerId(workflowId, event.seq)];
    return [];
  });
