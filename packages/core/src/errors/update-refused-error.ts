import { CadenzaError } from './cadenza-error';

/** An update its validator refused before anything was recorded; `reason` is what the validator said. */
export class UpdateRefusedError extends CadenzaError {
  readonly code = 'UPDATE_REFUSED';
  readonly retriable = false;
  constructor(readonly workflowName: string, readonly workflowId: string, readonly update: string, readonly reason: string) {
    super(`update ${update} of workflow ${workflowName} ${workflowId} was refused: ${reason}`);
  }
}
