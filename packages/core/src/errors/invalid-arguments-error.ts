import { CadenzaError } from './cadenza-error';

/** Thrown at dispatch when arguments do not match a method's io-ts codecs; `report` is io-ts's reading. */
export class InvalidArgumentsError extends CadenzaError {
  readonly code = 'INVALID_ARGUMENTS';
  readonly retriable = false;
  constructor(readonly target: string, readonly report: string[]) {
    super(`invalid arguments for ${target}: ${report.join('; ')}`);
  }
}
