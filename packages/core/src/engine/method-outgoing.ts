import { fromErrorData } from '../errors/from-error-data';
import { MethodAbandonedError } from '../errors/method-abandoned-error';
import { MethodFailedError } from '../errors/method-failed-error';
import { toErrorData } from '../model/error-data';
import type { HistoryEventOf } from '../model/history-events';
import type { WorkflowOutcome } from '../model/messages';
import type { Names } from '../model/names';
import { answerMethodCaller, type MethodRequest } from './method-start';
import { type MethodRunInfo, runningMethods } from './method-runs';
import type { Outgoing } from './outgoing-messages';
import type { WorkflowInstance } from './workflow-instance';

const requestOfRun = (workflowId: string, methodRun: number, run: MethodRunInfo): MethodRequest => ({
  requestId: run.requestId ?? `${workflowId}:method:${methodRun}`,
  ...(run.replyTo !== undefined ? { replyTo: run.replyTo } : {}), ...(run.caller ? { caller: run.caller } : {}),
});

/**
 * What a recorded method end calls for: its caller gets the result (`completed`), or a `MethodFailedError`
 * whose cause is what the method threw. The same messages, with the same ids, at every re-publish.
 */
export const methodOutcomeMessages = (instance: WorkflowInstance, event: HistoryEventOf<'MethodCompleted' | 'MethodFailed'>, at: number, names: Names): Outgoing[] => {
  const run = instance.state.methods?.get(event.methodRun);
  if (!run) return [];
  const { workflowName, workflowId } = instance;
  const outcome: WorkflowOutcome = event.type === 'MethodCompleted'
    ? { status: 'completed', result: event.result }
    : { status: 'refused', error: toErrorData(new MethodFailedError(workflowName, workflowId, run.method, event.methodRun, fromErrorData(event.error))) };
  return answerMethodCaller({ workflowName, workflowId }, requestOfRun(workflowId, event.methodRun, run), outcome, names, at);
};

/** The end of the main method abandons the methods still running: each caller gets a `MethodAbandonedError` naming the end. */
export const abandonedMethodMessages = (instance: WorkflowInstance, outcome: WorkflowOutcome, at: number, names: Names): Outgoing[] => {
  if (!instance.state.methods) return [];
  const { workflowName, workflowId } = instance;
  const reason = `the workflow ${outcome.status === 'canceled' ? 'was canceled' : outcome.status} before the method returned`;
  return runningMethods(instance.state).flatMap(([methodRun, run]) => answerMethodCaller({ workflowName, workflowId }, requestOfRun(workflowId, methodRun, run), {
    status: 'refused', error: toErrorData(new MethodAbandonedError(workflowName, workflowId, run.method, reason)),
  }, names, at));
};
