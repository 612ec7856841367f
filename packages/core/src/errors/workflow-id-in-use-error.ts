import { CadenzaError } from './cadenza-error';

/** A start under the id of a running workflow that is not the same start: another method, arguments or parent. */
export class WorkflowIdInUseError extends CadenzaError {
  readonly code = 'WORKFLOW_ID_IN_USE';
  readonly retriable = false;
  /** @param reason how this start differs from the running one */
  constructor(readonly workflowName: string, readonly workflowId: string, readonly reason: string) {
    super(`workflow ${workflowName} ${workflowId} is already running, started ${reason}`);
  }
}
