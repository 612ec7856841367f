import { CadenzaError } from './cadenza-error';

/**
 * A batch handler (see `RegisterServiceOptions.batch`) answered with a number of results other than the
 * number of tasks it was given, or with something that is not an array: no result can be matched to its
 * task, so the batch counts as failed as a whole (its tasks then run one by one).
 */
export class BatchResultsMismatchError extends CadenzaError {
  readonly code = 'BATCH_RESULTS_MISMATCH';
  readonly retriable = true;
  constructor(readonly target: string, readonly expected: number, readonly actual: string) {
    super(`the batch handler of ${target} was given ${expected} tasks and answered ${actual}; it must answer one result per task, in order`);
  }
}
