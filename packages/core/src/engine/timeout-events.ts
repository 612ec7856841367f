import { TaskTimedOutError } from '../errors/task-timed-out-error';
import { WorkflowTimedOutError } from '../errors/workflow-timed-out-error';
import { toErrorData } from '../model/error-data';
import type { HistoryEvent } from '../model/history-events';
import type { MessageOf } from '../model/messages';
import { taskId } from '../model/names';
import type { WorkflowState } from './workflow-state';

/**
 * What a due end-to-end timeout leads to: the step fails with `TaskTimedOutError` (a task, in the round the
 * timeout was armed for) or `WorkflowTimedOutError` (a child), recorded as its `TaskFailed` /
 * `ChildWorkflowFailed`, so a replay throws the same error at the same `await`. A timeout of a step that is
 * no longer open (it completed first: the timeout is late), of a round `retry` replaced, of an earlier run under
 * the same workflow id, or of a step that
 * has none leads to nothing.
 */
export const timeoutEvents = (state: WorkflowState, message: MessageOf<'TimeoutFired'>, run = ''): HistoryEvent[] => {
  const { seq } = message;
  if (!state.open.has(seq) || (message.run !== undefined && message.run !== run)) return [];
  const task = state.tasks.get(seq);
  if (task) {
    if (task.timeoutMs === undefined || (message.retry ?? 0) !== task.retry) return [];
    return [{ type: 'TaskFailed', seq, error: toErrorData(new TaskTimedOutError(task.service, task.method, taskId(state.workflowId, seq), task.timeoutMs, seq)) }];
  }
  const child = state.children.get(seq);
  if (child?.timeoutMs === undefined || (message.retry ?? 0) !== child.retry) return [];
  return [{ type: 'ChildWorkflowFailed', seq, error: toErrorData(new WorkflowTimedOutError(child.workflowName, child.workflowId, child.timeoutMs, seq)), timedOut: true }];
};

/**
 * True for the failure of a child that this workflow's own timeout for it ended (its parent cancels it):
 * marked on the event, never read from the error code, so a child that failed because ITS child timed out
 * (the same `WORKFLOW_TIMED_OUT` code) is an ordinary child failure that `retry` reruns.
 */
export const isChildTimeout = (event: HistoryEvent): boolean => event.type === 'ChildWorkflowFailed' && event.timedOut === true;
