import { CadenzaError } from './cadenza-error';

/** A message over the configured size limit; refused before it is published. */
export class PayloadTooLargeError extends CadenzaError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly retriable = false;
  constructor(readonly what: string, readonly bytes: number, readonly limit: number) {
    super(`${what} is ${bytes} bytes, over the limit of ${limit} bytes`);
  }
}
