import * as t from 'io-ts';

/**
 * The path of an io-ts error as field names and indexes, without the branch indexes that unions and
 * intersections add: `['transport', 'brokers', '0']`.
 */
export const errorPath = (context: t.Context): string[] =>
  context
    .filter((_, i) => i > 0 && !isBranchIndex(context, i))
    .map((entry) => entry.key)
    .filter((key) => key !== '');

/**
 * Turns io-ts errors into short lines such as `at 0.amount: expected number, got "ten"`.
 * Union branches produce one line each; duplicates are dropped.
 */
export const formatValidationErrors = (errors: t.Errors, root = ''): string[] => {
  const lines = new Set<string>();
  for (const error of errors) {
    const where = [root, ...errorPath(error.context)].filter(Boolean).join('.');
    const expected = error.context[error.context.length - 1]?.type.name ?? 'unknown';
    lines.add(`${where ? `at ${where}: ` : ''}expected ${expected}, got ${renderValue(error.value)}`);
  }
  return [...lines];
};

const isBranchIndex = (context: t.Context, i: number): boolean => {
  const parent = context[i - 1]?.type;
  return parent instanceof t.UnionType || parent instanceof t.IntersectionType;
};

/** A short, safe rendering of any value for error messages. */
export const renderValue = (value: unknown): string => {
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return String(value);
  }
};
