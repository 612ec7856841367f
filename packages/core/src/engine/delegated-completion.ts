import { DelegatedTaskCompletedError } from '../errors/delegated-task-completed-error';
import { DelegatedTaskUnknownError } from '../errors/delegated-task-unknown-error';
import { fromErrorData } from '../errors/from-error-data';
import { TaskFailedError } from '../errors/task-failed-error';
import type { Envelope } from '../model/envelope';
import { toErrorData } from '../model/error-data';
import type { HistoryEvent } from '../model/history-events';
import type { MessageOf, WorkflowOutcome } from '../model/messages';
import { type Outgoing, replyTo } from './outgoing-messages';
import type { WorkflowInstance } from './workflow-instance';

/** A delegated task fails as one attempt: the one the service started it in is not known to the completer. */
const DELEGATED_ATTEMPT = 1;

/**
 * What a delegated task's completion (or failure) leads to in a live instance: a `TaskCompleted` or
 * `TaskFailed` of the task it names, recorded like any task outcome, and `accepted` for the sender. It is
 * refused, changing nothing, with {@link DelegatedTaskUnknownError} when no task of that service and method
 * is at that step or the round was replaced by `retry`, and with {@link DelegatedTaskCompletedError} when the
 * task already has its outcome (a second completion: the first one stands).
 */
export const delegatedOutcome = (instance: WorkflowInstance, envelope: Envelope, message: MessageOf<'CompleteDelegatedTask'>): { events: HistoryEvent[]; replies: Outgoing[] } => {
  const { seq, service, method, taskId } = message;
  const answer = (outcome: WorkflowOutcome): Outgoing[] => message.replyTo === undefined ? []
    : [replyTo({ workflowName: instance.workflowName, workflowId: instance.workflowId }, message.replyTo, envelope.id, outcome, instance.time)];
  const refuse = (error: Error) => ({ events: [], replies: answer({ status: 'refused', error: toErrorData(error) }) });
  const task = instance.tasks.get(seq);
  if (!task || task.service !== service || task.method !== method) {
    return refuse(new DelegatedTaskUnknownError(service, taskId, `names no task of ${service}.${method} at step ${seq} of workflow ${instance.workflowName} ${instance.workflowId}`));
  }
  if (task.retry !== message.retry) {
    return refuse(new DelegatedTaskUnknownError(service, taskId, `names round ${message.retry} of a task now in round ${task.retry} (retry ran it again)`));
  }
  if (!instance.state.open.has(seq)) return refuse(new DelegatedTaskCompletedError(service, taskId));
  const event: HistoryEvent = message.outcome.status === 'completed'
    ? { type: 'TaskCompleted', seq, result: message.outcome.result }
    : { type: 'TaskFailed', seq, error: toErrorData(new TaskFailedError(service, method, DELEGATED_ATTEMPT, taskId, fromErrorData(message.outcome.error))) };
  return { events: [event], replies: answer({ status: 'accepted' }) };
};
