import type { ErrorData } from '../model/error-data';
import type { HistoryEvent, HistoryEventOf } from '../model/history-events';
import type { WorkflowOutcome } from '../model/messages';
import type { Revision } from '../ports/history-store.port';
import type { MethodRunInfo } from './method-runs';
import { SignalQueues } from './signal-queues';

/** A client waiting for the outcome, and the request it is answered under. */
export interface Waiter {
  readonly replyTo: string;
  readonly requestId: string;
}

/** A scheduled task: what to run, the `retry` round it is in (0 until `retry` runs it again), and its end-to-end timeout. */
export interface TaskInfo {
  readonly service: string;
  readonly method: string;
  readonly args: unknown[];
  retry: number;
  /** The end-to-end timeout the code gave the task, in ms, when it gave one. */
  readonly timeoutMs?: number;
  /** When the current round times out (epoch ms): from the schedule, or from the `retry` that started the round. */
  timeoutAt?: number;
}

/**
 * A started child: its start (a copy: the fold changes `timeoutAt`), the `retry` round it is in (0 until
 * `retry` of the parent runs it again), and when the current round times out (from the start, or from the
 * `ChildWorkflowRetried` that started the round).
 */
export type ChildInfo = Omit<HistoryEventOf<'ChildWorkflowStarted'>, 'timeoutAt'> & { retry: number; timeoutAt?: number };

/** `blocked`: the code no longer matches the history; it waits for `retry` or for code that matches. */
export type InstanceStatus = 'running' | 'blocked' | 'completed' | 'failed' | 'canceled';

/**
 * What the engine knows of one workflow instance without running its code: the fold of its history by
 * {@link evolve}, plus where the stream stands (`revision`, `time`, `applied`), which the engine sets from
 * what it read or appended.
 *
 * A state is a draft owned by exactly one {@link WorkflowInstance} (or one fold): `evolve` updates it in
 * place, so it must never be shared between instances or kept after its owner is dropped.
 */
export interface WorkflowState {
  readonly workflowId: string;
  readonly started: HistoryEventOf<'WorkflowStarted'>;
  status: InstanceStatus;
  outcome?: WorkflowOutcome;
  /** The stream's revision this state was read or appended at. */
  revision: Revision | 'no-stream';
  /** When the event being decided happens (the `at` of the last recorded event on a fold): what `now()` answers. */
  time: number;
  /** The events each handled message caused, by message id: how a redelivery is recognised. */
  readonly applied: Map<string, HistoryEvent[]>;
  readonly waiters: Waiter[];
  readonly tasks: Map<number, TaskInfo>;
  readonly children: Map<number, ChildInfo>;
  readonly timers: Set<number>;
  /** Tasks, timers and children that wait for an outcome from outside (receives wait in `signals`). */
  readonly open: Set<number>;
  /** Signals not yet taken and receives waiting for one, as the history tells it (in order, without races). */
  readonly signals: SignalQueues;
  /** The step whose failure failed the workflow, while it is failed. */
  failedSeq?: number;
  /** How many times `retry` (or code matching again) resumed the instance: outcomes sent after a retry get new ids. */
  retries: number;
  /** When the instance started (the time of its `WorkflowStarted`). */
  startedAt?: number;
  /** The tasks and children whose last outcome is a failure (not retried since), with it, by seq; made at the first. */
  failures?: Map<number, ErrorData>;
  /** While blocked: the NonDeterminismError, as recorded. */
  blockedBy?: ErrorData;
  /** The event that ended the instance (completed, failed or canceled), while it stands. */
  ending?: HistoryEvent;
  /** The methods started beside the main one (`MethodStarted`), by `methodRun`; made at the first. */
  methods?: Map<number, MethodRunInfo>;
  /** The steps that called a method of another instance, by seq; made at the first. */
  calls?: Map<number, HistoryEventOf<'MethodCalled'>>;
  /** The versions `this.version()` recorded (`VersionMarked`), by change id; made at the first. */
  versions?: Map<string, number>;
  /** The updates accepted and not completed yet (`UpdateAccepted` without its `UpdateCompleted`), by update id; made at the first. */
  openUpdates?: Map<string, OpenUpdate>;
  /** Set when the main method returned `continueAsNew`: this run is over, the next one starts in the same append. */
  continuedAs?: HistoryEventOf<'WorkflowContinuedAsNew'>;
}

/** An accepted update whose handler has not returned yet: which update, and where its caller waits. */
export interface OpenUpdate {
  readonly name: string;
  readonly replyTo?: string;
}

/** The state of an instance that has just started, before any event is folded into it. */
export const initialState = (workflowId: string, started: HistoryEventOf<'WorkflowStarted'>): WorkflowState => ({
  workflowId, started, status: 'running', revision: 'no-stream', time: 0, applied: new Map(), waiters: [], tasks: new Map(),
  children: new Map(), timers: new Set(), open: new Set(), signals: new SignalQueues(), retries: 0,
});

/** Files `events` under the message that caused them, after those it caused before; the state keeps the array it is given. */
export const noteApplied = (state: WorkflowState, causationId: string, events: HistoryEvent[]): void => {
  const earlier = state.applied.get(causationId);
  if (earlier) earlier.push(...events);
  else state.applied.set(causationId, events);
};

/**
 * Files the ids of messages an earlier run applied, with no events of this run: a late copy of one is then a
 * copy (acknowledged, its request answered `accepted` again) and is not applied to this run.
 */
export const carryApplied = (state: WorkflowState, ids: readonly string[]): void => {
  for (const id of ids) if (!state.applied.has(id)) state.applied.set(id, []);
};

/**
 * The ids a run that continues as new carries to the next run: those it carried, then those it applied, without
 * `causationId` (the message that starts the next run files its own events there), the latest `max` of them.
 */
export const appliedIdsToCarry = (state: WorkflowState, causationId: string, max: number): string[] => {
  // The carried ids first, then this run's in the order they were applied: the same live and on replay.
  const carried = state.started.appliedIds ?? [];
  const seen = new Set(carried);
  const ids = carried.filter((id) => id !== causationId);
  for (const id of state.applied.keys()) if (!seen.has(id) && id !== causationId) ids.push(id);
  return ids.length > max ? ids.slice(ids.length - max) : ids;
};

/**
 * True when an outcome of the task at `seq` from round `retry` answers the round the task is in now.
 * An outcome of a round that `retry` replaced is late and must not settle the new round; one without a
 * round (from a worker that did not stamp it) is taken for the current round.
 */
export const answersCurrentRound = (state: WorkflowState, seq: number, retry: number | undefined): boolean => {
  const task = state.tasks.get(seq);
  return task !== undefined && (retry === undefined || retry === task.retry);
};
