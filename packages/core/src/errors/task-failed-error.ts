import { CadenzaError } from './cadenza-error';

/** A task that failed for good: its last attempt failed, or it threw a non-retriable error. */
export class TaskFailedError extends CadenzaError {
  readonly code = 'TASK_FAILED';
  readonly retriable = false;
  constructor(readonly service: string, readonly method: string, readonly attempt: number, readonly taskId: string, cause: Error) {
    super(`task ${service}.${method} (${taskId}) failed at attempt ${attempt}: ${cause.message}`, { cause });
  }
}
