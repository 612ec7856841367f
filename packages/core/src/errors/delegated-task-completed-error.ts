import { CadenzaError } from './cadenza-error';

/**
 * A second completion (or failure) of a delegated task whose outcome is already recorded: the first one
 * stands, this one changed nothing. A caller that retried its own completion may take it as done.
 */
export class DelegatedTaskCompletedError extends CadenzaError {
  readonly code = 'DELEGATED_TASK_COMPLETED';
  readonly retriable = false;
  constructor(readonly service: string, readonly taskId: string) {
    super(`delegated task ${taskId} of ${service} already has its outcome; this one was not applied`);
  }
}
