import { CadenzaError } from './cadenza-error';

/** The workflow's code produced a different command than its history recorded at the same step. */
export class NonDeterminismError extends CadenzaError {
  readonly code = 'NON_DETERMINISM';
  readonly retriable = false; // a replay hits the same mismatch again
  constructor(readonly workflowId: string, readonly seq: number, readonly recorded: string, readonly produced: string) {
    super(`workflow ${workflowId}, step ${seq}: history recorded ${recorded}, code now produces ${produced}`);
  }
}
