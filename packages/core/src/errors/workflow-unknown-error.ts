import { CadenzaError } from './cadenza-error';

/** An instance that does not exist, or that has ended and whose history was cleared. */
export class WorkflowUnknownError extends CadenzaError {
  readonly code = 'WORKFLOW_UNKNOWN';
  readonly retriable = false;
  constructor(readonly workflowName: string, readonly workflowId: string, readonly reason = 'does not exist or has ended') {
    super(`workflow ${workflowName} ${workflowId} ${reason}`);
  }
}
