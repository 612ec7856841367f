import { Metadata, type ServiceError, status } from '@grpc/grpc-js';

/**
 * Errors as the server sends them: a gRPC status plus trailers whose `exception` key the client turns
 * into its typed errors (`StreamDeletedError`, `WrongExpectedVersionError`, …).
 */
const rpcError = (code: status, details: string, trailers: Record<string, string> = {}): ServiceError => {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
};

export const streamDeleted = (stream: string): ServiceError =>
  rpcError(status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, { exception: 'stream-deleted', 'stream-name': stream });

export const wrongExpectedVersion = (operation: string, stream: string, expected: bigint, actual: bigint): ServiceError =>
  rpcError(
    status.FAILED_PRECONDITION,
    `${operation} failed due to WrongExpectedVersion. Stream: ${stream}, Expected version: ${expected}, Actual version: ${actual}`,
    { exception: 'wrong-expected-version', 'stream-name': stream, 'expected-version': String(expected), 'actual-version': String(actual) },
  );

export const maximumAppendSizeExceeded = (max: number): ServiceError =>
  rpcError(status.INVALID_ARGUMENT, `Maximum Append Size of ${max} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(max),
  });

export const missingMetadata = (): ServiceError =>
  rpcError(status.INVALID_ARGUMENT, "Required Metadata Property 'type' or 'content-type' is missing", {
    exception: 'missing-required-metadata-property',
    'required-metadata-properties': 'type,content-type',
  });

export const unsupported = (what: string): ServiceError => rpcError(status.UNIMPLEMENTED, `${what} is not implemented by the EventStoreDB fake`);

export const badRequest = (details: string): ServiceError => rpcError(status.INVALID_ARGUMENT, details);
