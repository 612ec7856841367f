import { DeferredError } from './deferred-error';

/**
 * Thrown at the `await` of a task called with an end-to-end timeout (`this.newService(S, { timeoutMs })`)
 * when the time passed before the task completed, all its attempts and retries included. The task is
 * abandoned: a late outcome is ignored. Not retriable: the same call would get the same time.
 */
export class TaskTimedOutError extends DeferredError {
  readonly code = 'TASK_TIMED_OUT';
  readonly retriable = false;
  constructor(readonly service: string, readonly method: string, readonly taskId: string, readonly timeoutMs: number, seq?: number) {
    super(`task ${service}.${method} (${taskId}) timed out after ${timeoutMs} ms, retries included`, { seq });
  }
}
