import type { HistoryEvent, HistoryEventOf } from '../model/history-events';
import type { Revision } from '../ports/history-store.port';
import { abandonRunningMethods, evolveMethodRun } from './method-runs';
import type { RecordedEvent } from './stored-history';
import { carryApplied, initialState, noteApplied, type WorkflowState } from './workflow-state';
import { taskTimeout } from './timeout-fields';

/**
 * Folds one history event into the state: no I/O, no clock, no workflow code, the same result for the
 * same state and event. It updates `state` in place and returns it (a copy of every map per event would
 * cost CPU at every step): the state is a draft its one owner keeps. Any event a store can hold is
 * taken, in any order and repeated: an outcome for a step that is not open or a retry of an unknown task
 * changes only what it names, and never throws.
 */
export const evolve = (state: WorkflowState, event: HistoryEvent): WorkflowState => {
  switch (event.type) {
    case 'WorkflowStarted':
      state.startedAt = state.time;
      // A continued run goes on with the retry rounds of the runs before, and knows the messages they applied.
      if (event.retries !== undefined) state.retries = event.retries;
      if (event.appliedIds) carryApplied(state, event.appliedIds);
      break;
    case 'WaiterAdded':
      state.waiters.push({ replyTo: event.replyTo, requestId: event.requestId });
      break;
    case 'TaskScheduled':
      state.tasks.set(event.seq, { service: event.service, method: event.method, args: event.args, retry: 0, ...taskTimeout(event) });
      state.open.add(event.seq);
      break;
    case 'TimerStarted':
      state.timers.add(event.seq);
      state.open.add(event.seq);
      break;
    case 'ChildWorkflowStarted':
      state.children.set(event.seq, { ...event, retry: 0 });
      state.open.add(event.seq);
      break;
    case 'ReceiveStarted':
      state.signals.receiveStarted(event);
      break;
    case 'SignalReceived':
      state.signals.signalReceived(event);
      break;
    case 'ReceiveReleased':
      state.signals.leave(event.channel, event.seq);
      break;
    case 'TaskCompleted':
    case 'TimerFired':
    case 'ChildWorkflowCompleted':
      state.open.delete(event.seq);
      state.failures?.delete(event.seq);
      break;
    case 'TaskFailed':
    case 'ChildWorkflowFailed':
      state.open.delete(event.seq);
      if (state.tasks.has(event.seq) || state.children.has(event.seq)) (state.failures ??= new Map()).set(event.seq, event.error);
      break;
    case 'TaskRetried': {
      const task = state.tasks.get(event.seq);
      if (task) task.retry = event.retry;
      // A new round has the whole timeout again, from the retry's time.
      if (task?.timeoutMs !== undefined) task.timeoutAt = state.time + task.timeoutMs;
      state.open.add(event.seq);
      state.failures?.delete(event.seq);
      break;
    }
    case 'ChildWorkflowRetried': {
      const child = state.children.get(event.seq);
      // Like a retried task: a new round, with the whole timeout again from the retry's time. A copy of the
      // retry (the child is open again already) starts no other round.
      if (child && !state.open.has(event.seq)) {
        child.retry++;
        if (child.timeoutMs !== undefined) child.timeoutAt = state.time + child.timeoutMs;
      }
      state.open.add(event.seq);
      state.failures?.delete(event.seq);
      break;
    }
    case 'WorkflowCompleted':
      state.ending = event;
      state.status = 'completed';
      state.outcome = { status: 'completed', result: event.result };
      break;
    case 'WorkflowFailed':
      state.ending = event;
      state.status = 'failed';
      state.failedSeq = event.failedSeq;
      state.outcome = { status: 'failed', error: event.error };
      break;
    case 'WorkflowRetried':
      // The failure abandoned the methods still running (their callers were told): the retry does not resume them.
      if (state.status === 'failed') abandonRunningMethods(state);
      state.ending = undefined;
      state.retries++;
      state.status = 'running';
      state.blockedBy = undefined;
      state.failedSeq = undefined;
      state.outcome = undefined;
      break;
    case 'WorkflowBlocked':
      state.status = 'blocked';
      state.blockedBy = event.error;
      break;
    case 'WorkflowCanceled':
      state.ending = event;
      state.status = 'canceled';
      state.outcome = { status: 'canceled', reason: event.reason };
      break;
    case 'VersionMarked':
      (state.versions ??= new Map()).set(event.changeId, event.version);
      break;
    case 'SideEffectRecorded':
      // A step that closed as it was recorded: nothing waits on it.
      break;
    case 'MethodStarted':
    case 'MethodCompleted':
    case 'MethodFailed':
    case 'MethodCalled':
      evolveMethodRun(state, event);
      break;
    case 'UpdateAccepted':
      (state.openUpdates ??= new Map()).set(event.updateId, { name: event.name, ...(event.replyTo !== undefined ? { replyTo: event.replyTo } : {}) });
      break;
    case 'UpdateCompleted':
      state.openUpdates?.delete(event.updateId);
      break;
    case 'WorkflowContinuedAsNew':
      // The run is over: the engine starts the next one in the same append (see continue-run.ts).
      state.continuedAs = event;
      break;
  }
  return state;
};

/**
 * The state a recorded history folds into: every event evolved in order, filed under the message that
 * caused it, with `time` at the last event and `revision` where the stream was read. Throws when the
 * history does not start with `WorkflowStarted` (no state can be made of it). `beforeEach` sees the state
 * before each event folds into it (it must not change it).
 */
export const foldHistory = (workflowId: string, events: readonly RecordedEvent[], revision: Revision, beforeEach?: (state: WorkflowState, event: HistoryEvent) => void): WorkflowState => {
  const state = initialState(workflowId, startOf(workflowId, events));
  for (const { event, metadata } of events) {
    noteApplied(state, metadata.causationId, [event]);
    state.time = metadata.at;
    beforeEach?.(state, event);
    evolve(state, event);
  }
  state.revision = revision;
  return state;
};

/** The `WorkflowStarted` a history opens with; throws when it opens with anything else. */
export const startOf = (workflowId: string, events: readonly RecordedEvent[]): HistoryEventOf<'WorkflowStarted'> => {
  const first = events[0]?.event;
  if (first?.type !== 'WorkflowStarted') throw new Error(`history of ${workflowId} does not start with WorkflowStarted`);
  return first;
};
