import { CadenzaError } from './cadenza-error';

/** `retry` of a workflow that has not failed (it runs, or has ended): there is nothing to retry. */
export class WorkflowNotFailedError extends CadenzaError {
  readonly code = 'WORKFLOW_NOT_FAILED';
  readonly retriable = false;
  /** @param reason how the workflow stands instead, e.g. `is running` */
  constructor(readonly workflowName: string, readonly workflowId: string, readonly reason: string) {
    super(`workflow ${workflowName} ${workflowId} cannot be retried: it has not failed, it ${reason}`);
  }
}
