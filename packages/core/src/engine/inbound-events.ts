import { fromErrorData } from '../errors/from-error-data';
import { TaskFailedError } from '../errors/task-failed-error';
import type { Envelope } from '../model/envelope';
import { toErrorData } from '../model/error-data';
import type { HistoryEvent } from '../model/history-events';
import type { WorkflowMessage } from '../model/messages';
import { completeTimers } from './complete-timers';
import { delegatedOutcome } from './delegated-completion';
import { signalFor } from './channel-signal';
import { type Outgoing, replyTo } from './outgoing-messages';
import { timeoutEvents } from './timeout-events';
import { isMethodCall } from './method-runs';
import { methodStartedFor } from './method-start';
import type { WorkflowInstance } from './workflow-instance';

/**
 * The history events a message leads to for a live instance, and the replies that need no event. An
 * outcome for a step that is not open (a duplicate, or a late answer after a retry), or for a task round
 * that `retry` has since replaced (a late failure or dead letter of the old round), leads to nothing.
 * `refusedSignal` is the error a signal with no one to answer (a workflow's `this.send`) was refused with:
 * the engine logs it and dead-letters the signal.
 */
export const inboundEvents = (instance: WorkflowInstance, envelope: Envelope, message: WorkflowMessage): { events: HistoryEvent[]; replies: Outgoing[]; refusedSignal?: Error } => {
  const at = instance.time;
  const events: HistoryEvent[] = [];
  const replies: Outgoing[] = [];
  const ref = { workflowName: instance.workflowName, workflowId: message.workflowId };
  const open = (seq: number) => instance.state.open.has(seq);
  const wait = (replyTopic: string | undefined) => {
    if (replyTopic === undefined) return;
    if (instance.status === 'failed' && instance.outcome) replies.push(replyTo(ref, replyTopic, envelope.id, instance.outcome, at));
    else events.push({ type: 'WaiterAdded', replyTo: replyTopic, requestId: envelope.id });
  };
  switch (message.kind) {
    case 'RunWorkflow':
    case 'WaitWorkflow':
      wait(message.replyTo);
      break;
    case 'TaskCompleted':
      if (open(message.seq) && instance.answersCurrentRound(message.seq, message.retry)) events.push({ type: 'TaskCompleted', seq: message.seq, result: message.result });
      break;
    case 'TaskFailed': {
      const task = instance.tasks.get(message.seq);
      if (!open(message.seq) || !task || !instance.answersCurrentRound(message.seq, message.retry)) break;
      const error = new TaskFailedError(task.service, task.method, message.attempt, message.taskId, fromErrorData(message.error), message.seq);
      events.push({ type: 'TaskFailed', seq: message.seq, error: toErrorData(error) });
      break;
    }
    case 'TimerFired':
      if (open(message.seq) && instance.timers.has(message.seq)) events.push({ type: 'TimerFired', seq: message.seq });
      break;
    case 'ChildWorkflowCompleted':
      if (open(message.seq) && (instance.children.has(message.seq) || isMethodCall(instance.state, message.seq))) events.push({ type: 'ChildWorkflowCompleted', seq: message.seq, result: message.result });
      break;
    case 'ChildWorkflowFailed':
      if (open(message.seq) && (instance.children.has(message.seq) || isMethodCall(instance.state, message.seq))) events.push({ type: 'ChildWorkflowFailed', seq: message.seq, error: message.error });
      break;
    case 'SendSignal': {
      const signal = signalFor(instance, message);
      if ('event' in signal) events.push(signal.event);
      if (message.replyTo !== undefined) replies.push(replyTo(ref, message.replyTo, envelope.id, 'event' in signal ? { status: 'accepted' } : { status: 'refused', error: toErrorData(signal.refused) }, at));
      else if ('refused' in signal) return { events, replies, refusedSignal: signal.refused };
      break;
    }
    case 'TimeoutFired':
      events.push(...timeoutEvents(instance.state, message, instance.run));
      break;
    case 'UpdateWorkflow': {
      const refused = instance.refuseUpdate(message.name, message.value);
      if (!refused) events.push({ type: 'UpdateAccepted', updateId: envelope.id, name: message.name, value: message.value, ...(message.replyTo !== undefined ? { replyTo: message.replyTo } : {}) });
      else if (message.replyTo !== undefined) replies.push(replyTo(ref, message.replyTo, envelope.id, { status: 'refused', error: toErrorData(refused) }, at));
      break;
    }
    case 'RetryWorkflow':
    case 'RecheckWorkflow':
      // Decided from the stored history by decideRetry, never here.
      break;
    case 'RunMethod':
      events.push(methodStartedFor(instance, envelope, message));
      break;
    case 'QueryWorkflow':
      // Answered from the live instance by answerQuery, with no event.
      break;
    case 'CancelWorkflow':
      events.push({ type: 'WorkflowCanceled', reason: message.reason });
      if (message.replyTo !== undefined) replies.push(replyTo(ref, message.replyTo, envelope.id, { status: 'accepted' }, at));
      break;
    case 'CompleteDelegatedTask':
      return delegatedOutcome(instance, envelope, message);
    case 'CompleteTimers':
      return completeTimers(instance, envelope, message);
    case 'RetryTasks':
      // Decided from the stored history by decideRetryTasks, never here.
      break;
  }
  return { events, replies };
};
