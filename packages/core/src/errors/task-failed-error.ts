import { DeferredError } from './deferred-error';

/**
 * A task that failed for good: its last attempt failed, or it threw a non-retriable error. Thrown at the task's
 * `await` in workflow code; `seq` is the task's step.
 */
export class TaskFailedError extends DeferredError {
  readonly code = 'TASK_FAILED';
  readonly retriable = false;
  constructor(readonly service: string, readonly method: string, readonly attempt: number, readonly taskId: string, cause: Error, seq?: number) {
    super(`task ${service}.${method} (${taskId}) failed at attempt ${attempt}: ${cause.message}`, { cause, seq });
  }
}
