import { CadenzaError } from './cadenza-error';

/** Throw from a service method to fail the task now, with no further attempts. */
export class TerminalTaskError extends CadenzaError {
  readonly code = 'TASK_TERMINAL';
  readonly retriable = false;
}
