import { toErrorData } from '../model/error-data';
import type { HistoryEvent } from '../model/history-events';
import { serializable } from './serializable';
import type { WorkflowInstance } from './workflow-instance';

/**
 * The `MethodCompleted` / `MethodFailed` of the method runs whose code ended since the last look, applied
 * to the instance; oldest run first. Only while the instance runs: once its main method ended, the runs
 * still going are abandoned (their callers are told so with the end) and record nothing more.
 */
export const methodEnds = (instance: WorkflowInstance): HistoryEvent[] => {
  const decided: HistoryEvent[] = [];
  for (const { methodRun, outcome } of instance.takeEndedMethods()) {
    const run = instance.state.methods?.get(methodRun);
    if (!run || run.ended || instance.status !== 'running' || !outcome.done) continue;
    let event: HistoryEvent;
    try {
      event = outcome.ok
        ? { type: 'MethodCompleted', methodRun, result: serializable(outcome.value, `the result of ${instance.workflowName}.${run.method}`) }
        : { type: 'MethodFailed', methodRun, error: toErrorData(outcome.error) };
    } catch (unserializable) {
      event = { type: 'MethodFailed', methodRun, error: toErrorData(unserializable) };
    }
    instance.apply(event, 'live');
    decided.push(event);
  }
  return decided;
};
