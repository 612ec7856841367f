import * as t from 'io-ts';

/** An error as it crosses the wire or lands in history: enough to rebuild a readable `Error`. */
export const ErrorData = t.intersection([
  t.type({ name: t.string, message: t.string }),
  t.partial({ code: t.string, stack: t.string, retriable: t.boolean, cause: t.unknown, data: t.unknown }),
]);
export type ErrorData = t.TypeOf<typeof ErrorData>;

/** Reduces anything thrown to {@link ErrorData}, keeping a Cadenza `code` when there is one. */
export const toErrorData = (thrown: unknown): ErrorData => {
  if (thrown instanceof Error) {
    const code = (thrown as { code?: unknown }).code;
    const retriable = (thrown as { retriable?: unknown }).retriable;
    return {
      name: thrown.name,
      message: thrown.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(typeof retriable === 'boolean' ? { retriable } : {}),
      ...(thrown.stack ? { stack: thrown.stack } : {}),
    };
  }
  return { name: 'NonErrorThrown', message: describeThrown(thrown), code: 'NON_ERROR_THROWN' };
};

const describeThrown = (thrown: unknown): string => {
  if (typeof thrown === 'string') return thrown;
  try {
    return `non-error thrown: ${JSON.stringify(thrown)}`;
  } catch {
    return `non-error thrown: ${String(thrown)}`;
  }
};
