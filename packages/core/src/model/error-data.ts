import * as t from 'io-ts';
import type { ErrorCode } from '../errors/cadenza-error';
import { ERROR_FACTS } from '../errors/error-facts';

/** An error as it crosses the wire or lands in history: enough to rebuild a readable, typed `Error`. */
export const ErrorData = t.intersection([
  t.type({ name: t.string, message: t.string }),
  t.partial({ code: t.string, stack: t.string, retriable: t.boolean, cause: t.unknown, data: t.unknown }),
]);
export type ErrorData = t.TypeOf<typeof ErrorData>;

/** Facts kept from any error that has them; a Cadenza error also keeps those of its code ({@link ERROR_FACTS}). */
const FACT_FIELDS = ['service', 'method', 'attempt', 'taskId', 'workflowName', 'workflowId', 'reason', 'seq', 'recorded', 'produced'] as const;

const isFact = (value: unknown): boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));

/**
 * Reduces anything thrown to {@link ErrorData}: name, message, stack, a Cadenza `code` and `retriable` when
 * there are, known facts (service, method, attempt, ids) and the cause chain (three levels deep).
 */
export const toErrorData = (thrown: unknown, depth = 0): ErrorData => {
  if (!(thrown instanceof Error)) return { name: 'NonErrorThrown', message: describeThrown(thrown), code: 'NON_ERROR_THROWN', retriable: false };
  const source = thrown as Error & Record<string, unknown>;
  const facts: Record<string, unknown> = {};
  for (const field of FACT_FIELDS) if (typeof source[field] === 'string' || typeof source[field] === 'number') facts[field] = source[field];
  const own = typeof source.code === 'string' && Object.hasOwn(ERROR_FACTS, source.code) ? ERROR_FACTS[source.code as ErrorCode] : [];
  for (const field of own) if (isFact(source[field])) facts[field] = Array.isArray(source[field]) ? [...(source[field] as string[])] : source[field];
  return {
    name: thrown.name,
    message: thrown.message,
    ...(typeof source.code === 'string' ? { code: source.code } : {}),
    ...(typeof source.retriable === 'boolean' ? { retriable: source.retriable } : {}),
    ...(thrown.stack ? { stack: thrown.stack } : {}),
    ...(Object.keys(facts).length ? { data: facts } : {}),
    ...(thrown.cause !== undefined && depth < 3 ? { cause: toErrorData(thrown.cause, depth + 1) } : {}),
  };
};

const describeThrown = (thrown: unknown): string => {
  if (typeof thrown === 'string') return thrown;
  try {
    return `non-error thrown: ${JSON.stringify(thrown)}`;
  } catch {
    return `non-error thrown: ${String(thrown)}`;
  }
};
