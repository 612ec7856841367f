import { CadenzaError } from './cadenza-error';

/**
 * `retryTasks` named a task that is not a failed task waiting for a retry: it runs, it completed, the
 * workflow has no such task, or the workflow code already handled its failure (it caught the error and went
 * on, so running the task again cannot change what the code did). Nothing was recorded.
 */
export class TaskNotFailedError extends CadenzaError {
  readonly code = 'TASK_NOT_FAILED';
  readonly retriable = false;
  /** @param reason how the task stands instead, e.g. `is running`, `has completed`, `does not exist` */
  constructor(readonly workflowName: string, readonly workflowId: string, readonly taskId: string, readonly reason: string) {
    super(`task ${taskId} of workflow ${workflowName} ${workflowId} cannot be retried: it ${reason}`);
  }
}
