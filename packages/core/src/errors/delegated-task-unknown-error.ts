import { CadenzaError } from './cadenza-error';

/**
 * A delegated task's completion names no task that waits for one: the id is not a delegated task id, names
 * no task of that service and method at that step, names a round that `retry` has replaced, or its workflow
 * does not exist or has ended.
 */
export class DelegatedTaskUnknownError extends CadenzaError {
  readonly code = 'DELEGATED_TASK_UNKNOWN';
  readonly retriable = false;
  /** @param reason why no task takes the completion, e.g. `is not a delegated task id` */
  constructor(readonly service: string, readonly taskId: string, readonly reason: string) {
    super(`no delegated task ${taskId} of ${service} takes this completion: it ${reason}`);
  }
}
