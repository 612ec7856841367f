import { CadenzaError } from './cadenza-error';

/**
 * A method run that will never return to its caller: the instance's main method ended (completed, failed or
 * was canceled) while it still ran, or the instance had already failed when the method was started. The
 * instance ends with its main method; other methods do not keep it alive.
 */
export class MethodAbandonedError extends CadenzaError {
  readonly code = 'METHOD_ABANDONED';
  readonly retriable = false;
  /** @param reason what happened to the instance, e.g. `the workflow completed before the method returned` */
  constructor(readonly workflowName: string, readonly workflowId: string, readonly method: string, readonly reason: string) {
    super(`method ${method} of workflow ${workflowName} ${workflowId} was abandoned: ${reason}`);
  }
}
