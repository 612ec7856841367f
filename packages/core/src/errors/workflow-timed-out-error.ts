import { DeferredError } from './deferred-error';

/**
 * Thrown at the `await` of a child workflow called with an end-to-end timeout
 * (`this.newWorkflow(W, { timeoutMs })`) when the time passed before the child ended. The child is canceled
 * and its late outcome ignored.
 */
export class WorkflowTimedOutError extends DeferredError {
  readonly code = 'WORKFLOW_TIMED_OUT';
  readonly retriable = false;
  constructor(readonly workflowName: string, readonly workflowId: string, readonly timeoutMs: number, seq?: number) {
    super(`child workflow ${workflowName} ${workflowId} timed out after ${timeoutMs} ms`, { seq });
  }
}
