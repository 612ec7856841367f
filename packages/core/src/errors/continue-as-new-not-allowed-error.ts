import { CadenzaError } from './cadenza-error';

/**
 * `continueAsNew` called where it cannot end the run: from a method started beside the main one, or from an
 * update handler. Only the main method's own `return this.continueAsNew(...)` (or `await`) starts a new run.
 */
export class ContinueAsNewNotAllowedError extends CadenzaError {
  readonly code = 'CONTINUE_AS_NEW_NOT_ALLOWED';
  readonly retriable = false;
  constructor(readonly workflowName: string, readonly workflowId: string) {
    super(`continueAsNew of ${workflowName} ${workflowId} ends only its main method; it was called from a method or an update handler (its caller gets this error)`);
  }
}
