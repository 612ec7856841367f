import { CadenzaError } from './cadenza-error';

/**
 * One attempt of a service method ran past its deadline (the `timeoutMs` given at `registerService`). The
 * executor stops waiting for it (its late result is ignored) and the retry policy decides, as for any
 * failure: retriable, since another attempt may be quicker. A method should watch `taskContext().signal`
 * to stop its work at the deadline.
 */
export class TaskAttemptTimedOutError extends CadenzaError {
  readonly code = 'TASK_ATTEMPT_TIMED_OUT';
  readonly retriable = true;
  constructor(readonly service: string, readonly method: string, readonly taskId: string, readonly attempt: number, readonly timeoutMs: number) {
    super(`attempt ${attempt} of task ${service}.${method} (${taskId}) timed out after ${timeoutMs} ms`);
  }
}
