import { DeferredError } from './deferred-error';

/** A workflow whose method threw (often a `TaskFailedError`); its history is kept so it can be retried. */
export class WorkflowFailedError extends DeferredError {
  readonly code = 'WORKFLOW_FAILED';
  readonly retriable = false;
  constructor(readonly workflowName: string, readonly workflowId: string, cause: Error) {
    super(`workflow ${workflowName} ${workflowId} failed: ${cause.message}`, { cause });
  }
}

/** A workflow that was canceled before it finished. */
export class WorkflowCanceledError extends DeferredError {
  readonly code = 'WORKFLOW_CANCELED';
  readonly retriable = false;
  constructor(readonly workflowName: string, readonly workflowId: string, readonly reason: string) {
    super(`workflow ${workflowName} ${workflowId} was canceled: ${reason}`);
  }
}
