import { NonDeterminismError } from '../errors/non-determinism-error';
import type { HistoryEventOf } from '../model/history-events';
import { workflowRunId } from '../model/names';
import type { Revision } from '../ports/history-store.port';
import type { WorkflowClass } from '../workflow/workflow';
import { describeCommand } from './commands';
import { settle } from './settle';
import type { RecordedEvent } from './stored-history';
import { type ApplyMode, WorkflowInstance } from './workflow-instance';

/**
 * Failures that `retry` took back: a `TaskRetried` (`ChildWorkflowRetried`) voids the last `TaskFailed`
 * (`ChildWorkflowFailed`) of its step, so the code
 * replays as if that attempt never failed and waits for the new one.
 */
const voidedFailures = (events: readonly RecordedEvent[]): Set<number> => {
  const voided = new Set<number>();
  const lastFailure = new Map<number, number>();
  events.forEach(({ event }, index) => {
    if (event.type === 'TaskFailed' || event.type === 'ChildWorkflowFailed') lastFailure.set(event.seq, index);
    if ((event.type === 'TaskRetried' || event.type === 'ChildWorkflowRetried') && lastFailure.has(event.seq)) {
      voided.add(lastFailure.get(event.seq)!);
      lastFailure.delete(event.seq);
    }
  });
  return voided;
};

/**
 * Rebuilds a live instance from its history by running its code again and feeding it each recorded
 * outcome in order. Throws {@link NonDeterminismError} when the code asks for something else than the
 * history recorded, including a command the history does not have (unless the history ends with a
 * retry or the workflow is blocked, after which the code is expected to move on).
 */
export const replay = async (workflowClass: WorkflowClass, workflowId: string, events: readonly RecordedEvent[], revision: Revision): Promise<WorkflowInstance> => {
  const instance = await rebuild(workflowClass, workflowId, events, revision, 'replay');
  const last = events[events.length - 1]?.event.type;
  // After a retry, or a block that this code no longer hits, the code is expected to move on.
  if (last !== 'WorkflowRetried' && instance.status === 'running') {
    const extra = instance.takeCommands()[0];
    if (extra) throw new NonDeterminismError(workflowId, extra.seq, 'no command', describeCommand(extra));
  }
  return instance;
};

/** Rebuilds only the engine's knowledge of an instance, without running its code. */
export const rebuildState = (workflowClass: WorkflowClass, workflowId: string, events: readonly RecordedEvent[], revision: Revision): Promise<WorkflowInstance> =>
  rebuild(workflowClass, workflowId, events, revision, 'bookkeeping');

const rebuild = async (workflowClass: WorkflowClass, workflowId: string, events: readonly RecordedEvent[], revision: Revision, mode: ApplyMode): Promise<WorkflowInstance> => {
  const first = events[0];
  if (first?.event.type !== 'WorkflowStarted') throw new Error(`history of ${workflowId} does not start with WorkflowStarted`);
  const started = first.event as HistoryEventOf<'WorkflowStarted'>;
  const instance = new WorkflowInstance(workflowClass, started, workflowId);
  instance.run = workflowRunId(started.workflowName, workflowId, first.metadata);
  const voided = voidedFailures(events);
  for (const [index, { event, metadata }] of events.entries()) {
    const caused = instance.applied.get(metadata.causationId);
    if (caused) caused.push(event);
    else instance.applied.set(metadata.causationId, [event]);
    instance.positions.set(event, { index, at: metadata.at });
    if (voided.has(index)) continue;
    instance.time = metadata.at;
    if (instance.apply(event, mode) && mode === 'replay') await settle();
  }
  instance.revision = revision;
  return instance;
};
