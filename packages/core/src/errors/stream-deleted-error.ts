import { CadenzaError } from './cadenza-error';

/** Thrown by `HistoryStore.append` on a stream that was deleted: a deleted stream is never reopened. */
export class StreamDeletedError extends CadenzaError {
  readonly code = 'STREAM_DELETED';
  readonly retriable = false;
  constructor(readonly stream: string, options?: { cause?: unknown }) {
    super(`stream ${stream} was deleted and cannot be appended to`, options);
  }
}
