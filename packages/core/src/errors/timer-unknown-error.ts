import { CadenzaError } from './cadenza-error';

/** `completeTimers` named a timer the workflow never started (see `WorkflowStateView` for the ids of its timers). Nothing was recorded. */
export class TimerUnknownError extends CadenzaError {
  readonly code = 'TIMER_UNKNOWN';
  readonly retriable = false;
  constructor(readonly workflowName: string, readonly workflowId: string, readonly timerId: string) {
    super(`workflow ${workflowName} ${workflowId} has no timer ${timerId}`);
  }
}
