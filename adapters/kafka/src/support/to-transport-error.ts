import { hasErrorCode, TransportError } from '@cadenza/core';

/**
 * Turns a kafkajs error or a `TimeoutError` into a `TransportError` (keeping it as `cause`, and kafkajs's
 * `retriable` flag); a `TransportError` or `ClosedError` passes through unchanged.
 */
export const toTransportError = (what: string, error: unknown): Error => {
  if (hasErrorCode(error, 'TRANSPORT') || hasErrorCode(error, 'CLOSED')) return error as Error;
  const message = error instanceof Error ? error.message : String(error);
  const retriable = (error as { retriable?: unknown } | null)?.retriable !== false;
  return new TransportError(`kafka: ${what} failed: ${message}`, retriable, { cause: error });
};
