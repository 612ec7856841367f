import { CadenzaError } from './cadenza-error';

/**
 * An accepted update that will never return to its caller: the workflow ended (completed, failed or was
 * canceled) while its handler still ran. The workflow ends with its main method; updates do not keep it alive.
 */
export class UpdateAbandonedError extends CadenzaError {
  readonly code = 'UPDATE_ABANDONED';
  readonly retriable = false;
  /** @param reason what happened to the workflow, e.g. `the workflow completed before the update returned` */
  constructor(readonly workflowName: string, readonly workflowId: string, readonly update: string, readonly reason: string) {
    super(`update ${update} of workflow ${workflowName} ${workflowId} was abandoned: ${reason}`);
  }
}
