import type { ErrorData } from '../model/error-data';
import { ERROR_REGISTRY, type Facts } from './error-registry';

/** An error rebuilt from the wire: it keeps the original name, message, code and stack. */
export class RemoteError extends Error {
  readonly code?: string;
  readonly retriable?: boolean;
  constructor(data: ErrorData) {
    super(data.message, data.cause !== undefined ? { cause: fromErrorData(data.cause as ErrorData) } : undefined);
    this.name = data.name;
    if (data.code !== undefined) this.code = data.code;
    if (data.retriable !== undefined) this.retriable = data.retriable;
    if (data.stack !== undefined) this.stack = data.stack;
  }
}

/**
 * Rebuilds the Cadenza error class that `data.code` names (every one has an entry in the error registry),
 * with its facts, message, stack and cause chain; a {@link RemoteError} for any other error, or when the
 * facts a class needs are missing.
 */
export const fromErrorData = (data: ErrorData): Error => {
  const rebuild = data.code !== undefined && Object.hasOwn(ERROR_REGISTRY, data.code) ? ERROR_REGISTRY[data.code as keyof typeof ERROR_REGISTRY] : undefined;
  if (!rebuild) return new RemoteError(data);
  const cause = data.cause !== undefined ? fromErrorData(data.cause as ErrorData) : undefined;
  const error = rebuild(factsOf(data.data), { message: data.message, retriable: data.retriable, cause: cause ?? new RemoteError({ name: 'Error', message: data.message }) });
  if (!error) return new RemoteError(data);
  // The rebuilt error reads exactly as the original did: same message, same stack, same causes.
  error.message = data.message;
  if (data.stack !== undefined) error.stack = data.stack;
  if (cause !== undefined && error.cause === undefined) Object.defineProperty(error, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
  return error;
};

const factsOf = (data: unknown): Facts => {
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  return {
    str: (field) => (typeof record[field] === 'string' ? record[field] : undefined),
    num: (field) => (typeof record[field] === 'number' ? record[field] : undefined),
    list: (field) => (Array.isArray(record[field]) && record[field].every((item) => typeof item === 'string') ? [...(record[field] as string[])] : undefined),
  };
};
