import type { HistoryEvent } from '../model/history-events';
import { stableStringify } from './commands';
import { isChildTimeout } from './timeout-events';
import type { WorkflowInstance } from './workflow-instance';

/**
 * Of the events one message once caused, those whose effect is still awaited: what a redelivery of that
 * message republishes. A task whose outcome is recorded is not executed again, a timer that fired is not
 * armed again, a child that ended is not started again, and an outcome that a retry took back is not sent.
 */
export const stillPending = (instance: WorkflowInstance, events: readonly HistoryEvent[]): HistoryEvent[] =>
  events.filter((event) => {
    switch (event.type) {
      case 'TaskScheduled':
        return instance.state.open.has(event.seq) && (instance.tasks.get(event.seq)?.retry ?? 0) === 0;
      case 'TaskRetried':
        return instance.state.open.has(event.seq) && instance.tasks.get(event.seq)?.retry === event.retry;
      case 'TimerStarted':
      case 'ChildWorkflowStarted':
      case 'ChildWorkflowRetried':
      case 'MethodCalled':
        return instance.state.open.has(event.seq);
      case 'ChildWorkflowFailed':
        // The cancel of a child that timed out.
        return isChildTimeout(event);
      case 'UpdateCompleted':
      case 'SignalSent':
        // The receiver drops a copy by its id: sending again is how a lost publish is made good.
        return true;
      case 'WorkflowCompleted':
        return instance.outcome?.status === 'completed';
      case 'WorkflowFailed':
        return instance.outcome?.status === 'failed' && stableStringify(instance.outcome.error) === stableStringify(event.error);
      case 'WorkflowCanceled':
        return instance.outcome?.status === 'canceled';
      case 'MethodCompleted':
      case 'MethodFailed':
        return true;
      case 'WorkflowBlocked':
        // Its first recheck (see recheck-policy.ts).
        return instance.status === 'blocked';
      default:
        return false;
    }
  });
