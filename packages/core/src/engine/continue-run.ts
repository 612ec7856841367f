import type { HistoryEvent, HistoryEventOf } from '../model/history-events';
import { workflowRunId } from '../model/names';
import type { HistoryStore, Revision } from '../ports/history-store.port';
import type { VersionedClass } from './workflow-versions';
import { progress } from './progress';
import { settle } from './settle';
import type { RecordedEvent } from './stored-history';
import { WorkflowInstance } from './workflow-instance';
import { appliedIdsToCarry } from './workflow-state';
import { MAX_CARRIED_APPLIED_IDS } from './continue-as-new.options';

/** The next run of an instance whose main method continued as new, and the events that start it. */
export interface NextRun {
  readonly instance: WorkflowInstance;
  readonly events: HistoryEvent[];
}

/**
 * Starts the run after `previous`, which has just recorded its `WorkflowContinuedAsNew`: a `WorkflowStarted`
 * with the new arguments (same method, tags, meta and parent; steps numbered on after the previous run's), the
 * previous run's waiters again (`WaiterAdded`: they get the last run's outcome), the signals it had buffered and
 * not taken (`SignalReceived`, in arrival order per channel), then the steps the code takes until it first waits.
 * The start also carries the previous runs' `retry` rounds, the ids of the messages they applied (the latest
 * {@link MAX_CARRIED_APPLIED_IDS}: a late copy of one is a copy, not applied again) and the new run's own id.
 * Nothing else of the previous run is carried over: its open steps are abandoned (their late answers match no
 * step of the new run, whose seqs are all higher).
 */
export const startNextRun = async (
  { workflowClass, version, explicit, replayCheck }: VersionedClass, previous: WorkflowInstance, causationId: string, at: number,
): Promise<NextRun> => {
  const continued = previous.state.continuedAs!;
  const was = previous.started;
  // Recorded, not derived: a run started by the same message as the one before still has an id of its own.
  const runId = workflowRunId(was.workflowName, previous.workflowId, { causationId, at }, continued.run);
  const appliedIds = appliedIdsToCarry(previous.state, causationId, MAX_CARRIED_APPLIED_IDS);
  const started: HistoryEventOf<'WorkflowStarted'> = {
    type: 'WorkflowStarted', workflowName: was.workflowName, method: was.method, args: continued.args, tags: was.tags, meta: was.meta,
    ...(was.parent ? { parent: was.parent } : {}),
    continued: continued.run, firstSeq: previous.seqAfterSteps, firstArgs: was.firstArgs ?? was.args,
    runId,
    ...(previous.retries > 0 ? { retries: previous.retries } : {}),
    ...(appliedIds.length > 0 ? { appliedIds } : {}),
  };
  // A version only when the registration named one, as at a first start.
  if (explicit) started.version = version;
  const instance = new WorkflowInstance(workflowClass, started, previous.workflowId);
  instance.replayCheck = replayCheck;
  instance.run = runId;
  instance.time = at;
  const events: HistoryEvent[] = [started];
  instance.apply(started, 'live');
  await settle();
  for (const { replyTo, requestId } of previous.waiters) {
    const waiter: HistoryEvent = { type: 'WaiterAdded', replyTo, requestId };
    instance.apply(waiter, 'live');
    events.push(waiter);
  }
  for (const [channel, values] of Object.entries(previous.state.signals.buffered())) {
    for (const value of values) {
      const signal: HistoryEvent = { type: 'SignalReceived', channel, value: value as HistoryEventOf<'SignalReceived'>['value'] };
      events.push(signal);
      if (instance.apply(signal, 'live')) await settle();
    }
  }
  // The code claimed its first receives before the carried signals were applied: recording those receives hands
  // it the signals, and the code runs on; so it is settled, and looked at again, until it asks for nothing new.
  for (let steps = progress(instance); steps.length > 0; steps = progress(instance)) {
    events.push(...steps);
    await settle();
  }
  return { instance, events };
};

/** The events of the current run: those after the last `WorkflowContinuedAsNew` (all of them when there is none). */
export const currentRunOf = (events: readonly RecordedEvent[]): readonly RecordedEvent[] => {
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]!.event.type === 'WorkflowContinuedAsNew') return events.slice(i + 1);
  }
  return events;
};

/** How a start is compared with an instance that may have continued: with the arguments of its first run. */
export const firstStartOf = (started: HistoryEventOf<'WorkflowStarted'>): HistoryEventOf<'WorkflowStarted'> =>
  started.firstArgs === undefined ? started : { ...started, args: started.firstArgs };

/**
 * Drops the events before the run that starts at `firstRevision`, where the store can (`truncateBefore`): the
 * storage of an instance that continues as new stays bounded by its longest run. A store without it keeps them;
 * the engine replays only the current run either way.
 */
export const trimPreviousRuns = async (history: HistoryStore, stream: string, firstRevision: Revision): Promise<void> => {
  if (history.truncateBefore) await history.truncateBefore(stream, firstRevision);
};
