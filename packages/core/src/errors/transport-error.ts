import { CadenzaError } from './cadenza-error';

/** A transport could not reach its broker or had a publish refused; `retriable` says if trying again may help. */
export class TransportError extends CadenzaError {
  readonly code = 'TRANSPORT';
  constructor(message: string, readonly retriable: boolean, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An operation that did not finish within its bound. */
export class TimeoutError extends CadenzaError {
  readonly code = 'TIMEOUT';
  readonly retriable = true;
  constructor(readonly what: string, readonly timeoutMs: number) {
    super(`${what} did not finish within ${timeoutMs} ms`);
  }
}

/** An operation on something already closed or stopped. */
export class ClosedError extends CadenzaError {
  readonly code = 'CLOSED';
  readonly retriable = false;
  constructor(readonly what: string) {
    super(`${what} is closed`);
  }
}
