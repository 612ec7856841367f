import { CadenzaError } from './cadenza-error';

/** A stored event that cannot be decoded; names the stream and revision. */
export class CorruptHistoryError extends CadenzaError {
  readonly code = 'CORRUPT_HISTORY';
  readonly retriable = false;
  constructor(readonly stream: string, readonly revision: number, readonly reason: string) {
    super(`stream ${stream} revision ${revision} cannot be decoded: ${reason}`);
  }
}
