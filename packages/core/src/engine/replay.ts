import { NonDeterminismError } from '../errors/non-determinism-error';
import { workflowRunId } from '../model/names';
import type { Revision } from '../ports/history-store.port';
import type { WorkflowClass } from '../workflow/workflow';
import { DEFAULT_REPLAY_CHECK, describeCommand, type ReplayCheck } from './commands';
import { recordedVersions, VersionMarkers } from './version-markers';
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
 * The events the code never reacted to when they were recorded: those of a step that blocked the workflow (the
 * code was not run on) and those recorded while it stayed blocked. A `version()` reached on one of them is new to
 * the instance (the newest version), as it is live; one reached on any other event was passed by the code that
 * recorded the history, which took the old path.
 */
const unreactedEvents = (events: readonly RecordedEvent[]): Set<number> => {
  const unreacted = new Set<number>();
  let blocked = false;
  let stepStart = 0;
  events.forEach(({ event, metadata }, index) => {
    if (index > 0 && metadata.causationId !== events[index - 1]!.metadata.causationId) stepStart = index;
    if (event.type === 'WorkflowBlocked') {
      for (let i = stepStart; i < index; i++) unreacted.add(i);
      blocked = true;
    }
    if (event.type === 'WorkflowRetried') blocked = false;
    if (blocked) unreacted.add(index);
  });
  return unreacted;
};

/**
 * Rebuilds a live instance from its history by running its code again and feeding it each recorded
 * outcome in order. Throws {@link NonDeterminismError} when the code asks for something else than the
 * history recorded, including a command the history does not have (unless the history ends with a
 * retry or the workflow is blocked, after which the code is expected to move on).
 */
export const replay = async (
  workflowClass: WorkflowClass, workflowId: string, events: readonly RecordedEvent[], revision: Revision, options: ReplayOptions = {},
): Promise<WorkflowInstance> => {
  const replayCheck = options.replayCheck ?? DEFAULT_REPLAY_CHECK;
  const instance = await rebuild(workflowClass, workflowId, events, revision, replayCheck);
  const last = events[events.length - 1]?.event.type;
  // After a retry, or a block that this code no longer hits, the code is expected to move on; without a check it may.
  // Code that blocked itself (a version it does not support) is not run on: it is blocked, not non-deterministic.
  if (last !== 'WorkflowRetried' && instance.status === 'running' && replayCheck !== 'none' && !instance.broken) {
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
  instance.run = instance.started.runId ?? workflowRunId(instance.workflowName, instance.workflowId, events[0]!.metadata);
  const rounds = new Map<number, number>();
  for (const [index, { event, metadata }] of events.entries()) {
    if (event.type === 'TaskRetried') rounds.set(event.seq, event.retry);
    const answers = event.type === 'TaskCompleted' || event.type === 'TaskFailed';
    instance.placeEvent(event, { index, at: metadata.at, ...(answers ? { retry: rounds.get(event.seq) ?? 0 } : {}) });
  }
};

/** How a history is replayed, as its workflow class was registered. */
export interface ReplayOptions {
  /** @default 'strict' (see {@link ReplayCheck}) */
  readonly replayCheck?: ReplayCheck;
}

const rebuild = async (workflowClass: WorkflowClass, workflowId: string, events: readonly RecordedEvent[], revision: Revision, replayCheck: ReplayCheck): Promise<WorkflowInstance> => {
  const instance = new WorkflowInstance(workflowClass, startOf(workflowId, events), workflowId);
  instance.replayCheck = replayCheck;
  const versions = recordedVersions(events);
  if (versions) instance.versionMarkers = new VersionMarkers(versions);
  const unreacted = unreactedEvents(events);
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
    instance.replaying = !unreacted.has(index);
    if (instance.apply(event, 'replay')) await settle();
  }
  // From here on the code runs past the history: each side effect is new, and runs, and a new version() call is live.
  instance.recordedEffects = undefined;
  instance.replaying = false;
  instance.revision = revision;
  return instance;
};
