import * as t from 'io-ts';

/** An error as it crosses the wire or lands in history: enough to rebuild a readable, typed `Error`. */
export const ErrorData = t.intersection([
  t.type({ name: t.string, message: t.string }),
  t.partial({ code: t.string, stack: t.string, retriable: t.boolean, cause: t.unknown, data: t.unknown }),
]);
export type ErrorData = t.TypeOf<typeof ErrorData>;

/** The facts of known error classes that travel in `data`, so the receiver can rebuild the class. */
const FACT_FIELDS = ['service', 'method', 'attempt', 'taskId', 'workflowName', 'workflowId', 'reason', 'seq', 'recorded', 'produced'] as const;

/**
 * Reduces anything thrown to {@link ErrorData}: name, message, stack, a Cadenza `code` and `retriable` when
 * there are, known facts (service, method, attempt, ids) and the cause chain (three levels deep).
 */
export const toErrorData = (thrown: unknown, depth = 0): ErrorData => {
  if (!(thrown instanceof Error)) return { name: 'NonErrorThrown', message: describeThrown(thrown), code: 'NON_ERROR_THROWN', retriable: false };
  const source = thrown as Error & Record<string, unknown>;
  const facts: Record<string, unknown> = {};
  for (const field of FACT_FIELDS) if (typeof source[field] === 'string' || typeof source[field] === 'number') facts[field] = source[field];
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
