import { CadenzaError } from './cadenza-error';

/** Thrown by `HistoryStore.append` when the stream is not at the expected revision; nothing was written. */
export class ConcurrencyError extends CadenzaError {
  readonly code = 'CONCURRENCY';
  readonly retriable = true; // reload and decide again
  constructor(
    readonly stream: string,
    readonly expected: number | 'no-stream',
    readonly actual: number | 'no-stream' | 'deleted',
    options?: { cause?: unknown },
  ) {
    super(`stream ${stream}: expected revision ${expected}, found ${actual}`, options);
  }
}
