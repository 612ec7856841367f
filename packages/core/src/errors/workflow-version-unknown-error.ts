import { CadenzaError } from './cadenza-error';

/**
 * An instance started on a version of its workflow class (`registerWorkflow(W, { version })`) that this worker
 * did not register. It blocks the workflow, neither failed nor dead-lettered, until a worker that has the
 * version runs it (see docs/versioning.md).
 */
export class WorkflowVersionUnknownError extends CadenzaError {
  readonly code = 'WORKFLOW_VERSION_UNKNOWN';
  readonly retriable = false; // this worker never has it; another worker may
  constructor(readonly workflowName: string, readonly workflowId: string, readonly version: number, readonly known: string[]) {
    super(`workflow ${workflowName} ${workflowId} started on version ${version}; this worker registered ${known.length > 0 ? `version ${known.join(', ')}` : 'no version'}`);
  }
}
