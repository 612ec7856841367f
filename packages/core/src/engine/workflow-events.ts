import type { HistoryEvent } from '../model/history-events';
import type { WorkflowEventEntry } from '../model/messages';
import { type Names, workflowEventsId } from '../model/names';
import type { Outgoing } from './outgoing-messages';
import type { EventPosition, WorkflowInstance } from './workflow-instance';

/**
 * The `WorkflowEvents` envelopes for history events an instance appended: one per run of consecutive stream
 * positions (a single step is one run), to the events topic, keyed by workflow id. Everything in them comes
 * from the events, their stored positions and the instance's bookkeeping, never from the message being
 * handled, so a redelivery that re-publishes them re-publishes the very same envelopes.
 */
export const workflowEventsFor = (instance: WorkflowInstance, events: readonly HistoryEvent[], causationId: string, names: Names): Outgoing[] => {
  const { workflowName, workflowId, run } = instance;
  const out: Outgoing[] = [];
  let entries: WorkflowEventEntry[] = [];
  let first = -1;
  let at = 0;
  const flush = () => {
    if (entries.length === 0) return;
    out.push({
      topic: names.eventsTopic(), key: workflowId,
      envelope: { v: 1, id: workflowEventsId(workflowId, run, first), at, causationId, message: { kind: 'WorkflowEvents', workflowName, workflowId, run, at, events: entries } },
    });
    entries = [];
  };
  for (const event of events) {
    const position = instance.positions?.get(event);
    if (!position) continue;
    if (entries.length === 0 || position.index !== first + entries.length || position.at !== at) {
      flush();
      first = position.index;
      at = position.at;
    }
    entries.push(entryOf(instance, event, position));
  }
  flush();
  return out;
};

/** The retry round a task's outcome answers, as the instance stands when it is recorded: kept in its position. */
export const roundOf = (instance: WorkflowInstance, event: HistoryEvent): { retry?: number } => {
  if (event.type !== 'TaskCompleted' && event.type !== 'TaskFailed') return {};
  const task = instance.tasks.get(event.seq);
  return task ? { retry: task.retry } : {};
};

/** One event with what its `seq` refers to; a task's round is the one fixed when it was recorded. */
const entryOf = (instance: WorkflowInstance, event: HistoryEvent, position: EventPosition): WorkflowEventEntry => {
  const { index } = position;
  switch (event.type) {
    case 'TaskCompleted':
    case 'TaskFailed':
    case 'TaskRetried': {
      const task = instance.tasks.get(event.seq);
      const retry = event.type === 'TaskRetried' ? event.retry : position.retry ?? task?.retry ?? 0;
      return task ? { index, event, task: { service: task.service, method: task.method, retry } } : { index, event };
    }
    case 'ChildWorkflowCompleted':
    case 'ChildWorkflowFailed':
    case 'ChildWorkflowRetried': {
      const child = instance.children.get(event.seq);
      return child ? { index, event, child: { workflowName: child.workflowName, workflowId: child.workflowId } } : { index, event };
    }
    case 'SignalReceived':
      return { index, event, buffered: instance.bufferUses?.buffered.has(event) ?? false };
    case 'ReceiveStarted':
      return instance.bufferUses?.taken.has(event) ? { index, event, received: { value: instance.bufferUses.taken.get(event) } } : { index, event };
    default:
      return { index, event };
  }
};
