import { CadenzaError } from './cadenza-error';

/** A query of a name the workflow class does not list in `static queries`. */
export class UnknownQueryError extends CadenzaError {
  readonly code = 'UNKNOWN_QUERY';
  readonly retriable = false;
  /** @param known the queries the class lists */
  constructor(readonly workflowName: string, readonly query: string, readonly known: string[] = []) {
    super(`${workflowName} has no query ${query}; its queries: ${known.length ? known.join(', ') : 'none (list them in static queries)'}`);
  }
}
