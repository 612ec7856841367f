import { toErrorData } from '../model/error-data';
import type { HistoryEvent } from '../model/history-events';
import { methodEnds } from './method-progress';
import { serializable } from './serializable';
import { ContinueAsNewRequest } from '../workflow/continue-as-new';
import type { WorkflowInstance } from './workflow-instance';

/** Commands the code produced since the last look, and its completion if it finished. */
export const progress = (instance: WorkflowInstance): HistoryEvent[] => {
  if (instance.broken) {
    if (instance.status !== 'running') return [];
    const blocked: HistoryEvent = { type: 'WorkflowBlocked', error: toErrorData(instance.broken) };
    instance.apply(blocked, 'live');
    return [blocked];
  }
  const decided: HistoryEvent[] = [];
  if (instance.status === 'blocked') {
    // Code that matches the history again (a fixed worker loaded it) takes the block back and runs on.
    const unblocked: HistoryEvent = { type: 'WorkflowRetried' };
    instance.apply(unblocked, 'live');
    decided.push(unblocked);
  }
  for (const marker of instance.takeVersionMarkers()) {
    instance.apply(marker, 'live');
    decided.push(marker);
  }
  for (const command of instance.takeCommands()) {
    instance.apply(command, 'live');
    decided.push(command);
  }
  decided.push(...methodEnds(instance));
  for (const completed of instance.takeUpdateOutcomes()) {
    instance.apply(completed, 'live');
    decided.push(completed);
  }
  const { code } = instance;
  if (code.done && instance.status === 'running' && !instance.state.continuedAs) {
    if (!code.ok && code.error instanceof ContinueAsNewRequest) {
      const continued: HistoryEvent = { type: 'WorkflowContinuedAsNew', args: code.error.args as unknown[], run: (instance.started.continued ?? 0) + 1 };
      instance.apply(continued, 'live');
      decided.push(continued);
      return decided;
    }
    let result: unknown;
    let error = code.ok ? undefined : code.error;
    try {
      if (code.ok) result = serializable(code.value, `the result of ${instance.workflowName}.${instance.started.method}`);
    } catch (unserializable) {
      error = unserializable;
    }
    const failedSeq = error === undefined ? undefined : instance.failedSeqOf(error);
    const end: HistoryEvent = error === undefined
      ? { type: 'WorkflowCompleted', result }
      : { type: 'WorkflowFailed', error: toErrorData(error), ...(failedSeq !== undefined ? { failedSeq } : {}) };
    instance.apply(end, 'live');
    decided.push(end);
  }
  return decided;
};
