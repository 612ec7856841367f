import { CadenzaError } from './cadenza-error';

/**
 * A method started on a running instance (`client.getById(W, id).method(...)`, `client.start`) threw: its
 * caller gets this, with what it threw as `cause`. The instance itself runs on: only its main method ends it.
 */
export class MethodFailedError extends CadenzaError {
  readonly code = 'METHOD_FAILED';
  readonly retriable = false;
  /** @param methodRun the number of the method's run on the instance (1 for the first method started after the main one) */
  constructor(readonly workflowName: string, readonly workflowId: string, readonly method: string, readonly methodRun: number, cause: Error) {
    super(`method ${method} (run ${methodRun}) of workflow ${workflowName} ${workflowId} failed: ${cause.message}`, { cause });
  }
}
