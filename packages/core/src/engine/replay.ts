import { NonDeterminismError } from '../errors/non-determinism-error';
import { workflowRunId } from '../model/names';
import type { Revision } from '../ports/history-store.port';
import type { WorkflowClass } from '../workflow/workflow';
import { describeCommand } from './commands';
import { evolve, foldHistory, startOf } from './evolve';
import { type BufferUses, noteBufferUse } from './signal-queues';
import { settle } from './settle';
import { RecordedSideEffects } from './side-effect';
import type { RecordedEvent } from './stored-history';
import { WorkflowInstance } from './workflow-instance';
import { noteApplied } from './workflow-state';

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
  const instance = await rebuild(workflowClass, workflowId, events, revision);
  const last = events[events.length - 1]?.event.type;
  // After a retry, or a block that this code no longer hits, the code is expected to move on.
  if (last !== 'WorkflowRetried' && instance.status === 'running') {
    const extra = instance.takeCommands()[0];
    if (extra) throw new NonDeterminismError(workflowId, extra.seq, 'no command', describeCommand(extra));
  }
  return instance;
};

/**
 * Rebuilds only the engine's knowledge of an instance, without running its code: the fold of its history
 * ({@link foldHistory}) held by an instance whose code never starts.
 */
export const rebuildState = async (workflowClass: WorkflowClass, workflowId: string, events: readonly RecordedEvent[], revision: Revision): Promise<WorkflowInstance> => {
  const uses: BufferUses = { buffered: new WeakSet(), taken: new WeakMap() };
  const state = foldHistory(workflowId, events, revision, (before, event) => noteBufferUse(uses, before, event));
  const instance = new WorkflowInstance(workflowClass, state.started, workflowId, state);
  instance.bufferUses = uses;
  placeRecorded(instance, events);
  return instance;
};

/** Gives an instance made from a stored history its run and the stream position of each event. */
const placeRecorded = (instance: WorkflowInstance, events: readonly RecordedEvent[]): void => {
  instance.run = workflowRunId(instance.workflowName, instance.workflowId, events[0]!.metadata);
  const rounds = new Map<number, number>();
  for (const [index, { event, metadata }] of events.entries()) {
    if (event.type === 'TaskRetried') rounds.set(event.seq, event.retry);
    const answers = event.type === 'TaskCompleted' || event.type === 'TaskFailed';
    instance.placeEvent(event, { index, at: metadata.at, ...(answers ? { retry: rounds.get(event.seq) ?? 0 } : {}) });
  }
};

const rebuild = async (workflowClass: WorkflowClass, workflowId: string, events: readonly RecordedEvent[], revision: Revision): Promise<WorkflowInstance> => {
  const instance = new WorkflowInstance(workflowClass, startOf(workflowId, events), workflowId);
  placeRecorded(instance, events);
  instance.recordedEffects = RecordedSideEffects.of(events);
  const voided = voidedFailures(events);
  for (const index of instance.recordedEffects?.voided ?? []) voided.add(index);
  for (const [index, { event, metadata }] of events.entries()) {
    noteApplied(instance.state, metadata.causationId, [event]);
    // The state folds a voided failure (the retry after it opens the step again); the code never sees it.
    if (voided.has(index)) {
      evolve(instance.state, event);
      continue;
    }
    instance.time = metadata.at;
    if (instance.apply(event, 'replay')) await settle();
  }
  // From here on the code runs past the history: each side effect is new, and runs.
  instance.recordedEffects = undefined;
  instance.revision = revision;
  return instance;
};
