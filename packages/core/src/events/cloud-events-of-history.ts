import { decodeEndedWorkflow } from '../engine/ended-workflow';
import { SignalQueues } from '../engine/signal-queues';
import { decodeStoredEvent } from '../engine/stored-history';
import type { HistoryEvent } from '../model/history-events';
import type { WorkflowEventEntry, WorkflowOutcome } from '../model/messages';
import { workflowRunId } from '../model/names';
import type { ReadResult } from '../ports/history-store.port';
import { buildCloudEvent, type CadenzaCloudEvent, type EventScope, type EventSpec } from './cadenza-cloud-event';
import { specsOfEntry } from './history-event-specs';

/** The instance whose stream was read, its stream name (for errors), and the namespace. */
export interface HistoryScope extends EventScope {
  readonly stream: string;
}

/**
 * The CloudEvents of an instance from what its history store holds: every history event of a running (or
 * retained) history, with the same ids and data as the events topic carried; for an ended instance whose
 * history was cleared, only the event that ended it, from the outcome kept beside the tombstone (and nothing
 * once that is swept, or when it was kept by a build that did not record the event's position).
 * @throws CorruptHistoryError for a stored event that does not decode.
 */
export const cloudEventsOfHistory = (scope: HistoryScope, read: ReadResult): CadenzaCloudEvent[] => {
  const specs = read.revision === 'deleted' ? specsOfKeptOutcome(scope, read.outcome) : specsOfStream(scope, read);
  return specs.map((spec) => buildCloudEvent(scope, spec));
};

const specsOfStream = (scope: HistoryScope, read: ReadResult): EventSpec[] => {
  const recorded = read.events.map((stored) => decodeStoredEvent(scope.stream, stored));
  const first = recorded[0];
  if (!first) return [];
  const run = (first.event.type === 'WorkflowStarted' ? first.event.runId : undefined) ?? workflowRunId(scope.workflowName, scope.workflowId, first.metadata);
  const describe = describer();
  return recorded.flatMap(({ event, metadata }, index) =>
    specsOfEntry({ workflowName: scope.workflowName, workflowId: scope.workflowId, run, at: metadata.at }, describe(event, index)));
};

/**
 * What the engine adds to each entry of `WorkflowEvents`, rebuilt by folding the history: the task or child a
 * `seq` refers to, whether a signal found a receive waiting, and the buffered values a receive took, by the
 * rules of the engine's own fold (`SignalQueues`): the history records which receive a signal went to, and a
 * receive that lost a race, so this fold and the live engine agree.
 */
const describer = () => {
  const tasks = new Map<number, { service: string; method: string; retry: number }>();
  const children = new Map<number, { workflowName: string; workflowId: string }>();
  const signals = new SignalQueues();
  return (event: HistoryEvent, index: number): WorkflowEventEntry => {
    switch (event.type) {
      case 'TaskScheduled':
        tasks.set(event.seq, { service: event.service, method: event.method, retry: 0 });
        return { index, event };
      case 'TaskRetried': {
        const task = tasks.get(event.seq);
        if (task) tasks.set(event.seq, { ...task, retry: event.retry });
        return { index, event, ...(task ? { task: { ...task, retry: event.retry } } : {}) };
      }
      case 'TaskCompleted':
      case 'TaskFailed': {
        const task = tasks.get(event.seq);
        return { index, event, ...(task ? { task } : {}) };
      }
      case 'ChildWorkflowStarted':
        children.set(event.seq, { workflowName: event.workflowName, workflowId: event.workflowId });
        return { index, event };
      case 'ChildWorkflowCompleted':
      case 'ChildWorkflowFailed': {
        const child = children.get(event.seq);
        return { index, event, ...(child ? { child } : {}) };
      }
      case 'ReceiveStarted': {
        const taken = signals.receiveStarted(event);
        if (taken.length === 0) return { index, event };
        return { index, event, received: { value: event.limit !== undefined ? taken.map((signal) => signal.value) : taken[0]!.value } };
      }
      case 'SignalReceived':
        return { index, event, buffered: signals.signalReceived(event) === undefined };
      case 'ReceiveReleased':
        signals.leave(event.channel, event.seq);
        return { index, event };
      default:
        return { index, event };
    }
  };
};

/** The one event a kept outcome still tells: how the instance ended, under the id it had when it was live. */
const specsOfKeptOutcome = (scope: HistoryScope, kept: unknown): EventSpec[] => {
  const ended = decodeEndedWorkflow(kept);
  if (!ended || ended.run === undefined || ended.endedIndex === undefined || ended.endedAt === undefined) return [];
  const event = endingEventOf(ended.outcome);
  if (!event) return [];
  return specsOfEntry({ workflowName: scope.workflowName, workflowId: scope.workflowId, run: ended.run, at: ended.endedAt }, { index: ended.endedIndex, event });
};

const endingEventOf = (outcome: WorkflowOutcome): HistoryEvent | undefined => {
  switch (outcome.status) {
    case 'completed': return { type: 'WorkflowCompleted', result: outcome.result };
    case 'failed': return { type: 'WorkflowFailed', error: outcome.error };
    case 'canceled': return { type: 'WorkflowCanceled', reason: outcome.reason };
    default: return undefined;
  }
};

