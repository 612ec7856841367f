import { CadenzaError } from './cadenza-error';

/**
 * A query asked for a step (a task, a timer, a child, a receive, a method call), for `random()` or `uuid()`,
 * or is not synchronous (an `async` method, or one that returns a promise): a query reads the instance and
 * must not change it, because nothing it does is recorded in history.
 */
export class QueryNotReadOnlyError extends CadenzaError {
  readonly code = 'QUERY_NOT_READ_ONLY';
  readonly retriable = false;
  /** @param step what the query asked for, e.g. `scheduleTask` */
  constructor(readonly workflowName: string, readonly query: string, readonly step: string) {
    super(`query ${query} of ${workflowName} called ${step}: a query must not take steps or change the instance`);
  }
}
