import { ConcurrencyError, type ExpectedRevision, PayloadTooLargeError, StreamDeletedError, TimeoutError, TransportError } from '@cadenza/core';

/** What the store was doing, for the error it may throw. */
export interface EsdbCall {
  readonly operation: 'read' | 'append' | 'delete';
  readonly stream: string;
  readonly target: string;
  readonly deadlineMs: number;
  readonly expected?: ExpectedRevision;
  /** Size of an append, for `PayloadTooLargeError`. */
  readonly bytes?: number;
}

// gRPC status codes, for errors the client passes on without its own type (e.g. from its feature probe).
const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;
const grpcCode = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number' && 'details' in error
    ? (error as unknown as { code: number }).code
    : undefined;

/** The client's errors carry a `type` tag; matching on it works across copies of the client package. */
const typeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && typeof (error as { type?: unknown }).type === 'string' ? (error as { type: string }).type : undefined;

/**
 * Turns @eventstore/db-client errors into Cadenza errors (E2). `stream-not-found` is not here: a read
 * answers it as `no-stream`. Anything unknown is returned unchanged for the caller to rethrow.
 */
export const translateEsdbError = (error: unknown, call: EsdbCall): unknown => {
  const code = grpcCode(error);
  const type = typeOf(error) ?? (code === GRPC_UNAVAILABLE ? 'unavailable' : code === GRPC_DEADLINE_EXCEEDED ? 'deadline-exceeded' : code === GRPC_CANCELLED ? 'cancelled' : undefined);
  switch (type) {
    case 'wrong-expected-version': {
      const actual = (error as { actualVersion?: unknown }).actualVersion;
      return new ConcurrencyError(call.stream, call.expected ?? 'no-stream', typeof actual === 'bigint' ? Number(actual) : 'no-stream', { cause: error });
    }
    case 'stream-deleted':
      return new StreamDeletedError(call.stream, { cause: error });
    case 'maximum-append-size-exceeded':
      return new PayloadTooLargeError(`append to ${call.stream}`, call.bytes ?? 0, Number((error as { maxAppendSize?: unknown }).maxAppendSize));
    case 'unavailable':
      return new TransportError(`EventStoreDB not reachable at ${call.target} (${call.operation} ${call.stream}): ${(error as Error).message}`, true, { cause: error });
    case 'deadline-exceeded':
    case 'timeout':
      return new TimeoutError(`${call.operation} of stream ${call.stream} on EventStoreDB at ${call.target}`, call.deadlineMs);
    case 'not-leader':
    case 'cancelled':
      return new TransportError(`EventStoreDB at ${call.target} dropped the ${call.operation} of ${call.stream}: ${(error as Error).message}`, true, { cause: error });
    case 'access-denied':
      return new TransportError(`EventStoreDB at ${call.target} denied the ${call.operation} of ${call.stream}: check the credentials`, false, { cause: error });
    default:
      return error;
  }
};
