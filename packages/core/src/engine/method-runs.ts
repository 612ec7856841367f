import type { HistoryEventOf } from '../model/history-events';
import type { ParentRef } from '../model/parent-ref';

/** One method run of an instance, beside its main method, as its history tells it. */
export interface MethodRunInfo {
  readonly method: string;
  readonly args: readonly unknown[];
  /** The request that started it (the `RunMethod` envelope's id), and the client waiting for its result. */
  readonly requestId?: string;
  readonly replyTo?: string;
  /** The workflow step waiting for its result. */
  readonly caller?: ParentRef;
  /**
   * Its `MethodCompleted` or `MethodFailed` is recorded, or it was abandoned by a failure that `retry`
   * then took back (see {@link abandonRunningMethods}).
   */
  ended: boolean;
}

/** The history events of method runs, and of the calls of methods of other instances. */
export type MethodEvent = HistoryEventOf<'MethodStarted' | 'MethodCompleted' | 'MethodFailed' | 'MethodCalled'>;

/** The method runs of an instance, by `methodRun`; made at the first (most instances never run one). */
export interface HasMethodRuns {
  methods?: Map<number, MethodRunInfo>;
  /** The steps that called a method of another instance (`MethodCalled`), by seq; made at the first. */
  calls?: Map<number, HistoryEventOf<'MethodCalled'>>;
  /** Steps that wait for an outcome. */
  readonly open: Set<number>;
}

/** Folds a method event into the state's method runs (see `evolve`): a start adds its run, an end closes it. */
export const evolveMethodRun = (state: HasMethodRuns, event: MethodEvent): void => {
  if (event.type === 'MethodCalled') {
    (state.calls ??= new Map()).set(event.seq, event);
    state.open.add(event.seq);
    return;
  }
  if (event.type === 'MethodStarted') {
    const { method, args, replyTo, requestId, caller } = event;
    (state.methods ??= new Map()).set(event.methodRun, {
      method, args, ended: false, ...(replyTo !== undefined ? { replyTo } : {}), ...(requestId !== undefined ? { requestId } : {}), ...(caller ? { caller } : {}),
    });
    return;
  }
  const run = state.methods?.get(event.methodRun);
  if (run) run.ended = true;
};

/**
 * Ends for good the runs still going when a failed workflow is retried: the failure answered their callers
 * with `MethodAbandonedError`, so what their code does after the retry is not recorded as their outcome
 * (the caller cannot learn it: it has its answer). Folded at `WorkflowRetried`, so a replay agrees.
 */
export const abandonRunningMethods = (state: HasMethodRuns): void => {
  if (!state.methods) return;
  for (const run of state.methods.values()) run.ended = true;
};

/** Whether the step at `seq` called a method of another instance: its outcome comes as a child's would. */
export const isMethodCall = (state: HasMethodRuns, seq: number): boolean => state.calls?.has(seq) ?? false;

/** The number the next method run gets: one more than the runs recorded so far. */
export const nextMethodRun = (state: HasMethodRuns): number => (state.methods?.size ?? 0) + 1;

/** The runs whose method has not returned yet, in the order they started. */
export const runningMethods = (state: HasMethodRuns): Array<[number, MethodRunInfo]> =>
  [...(state.methods ?? [])].filter(([, run]) => !run.ended);
