import * as t from 'io-ts';

/**
 * Turns io-ts errors into short lines such as `at 0.amount: expected number, got "ten"`.
 * Union branches produce one line each; duplicates are dropped.
 */
export const formatValidationErrors = (errors: t.Errors, root = ''): string[] => {
  const lines = new Set<string>();
  for (const error of errors) {
    const path = error.context
      .filter((_, i) => i > 0 && !isUnionIndex(error.context, i))
      .map((c) => c.key)
      .join('.');
    const expected = error.context[error.context.length - 1]?.type.name ?? 'unknown';
    const where = [root, path].filter(Boolean).join('.');
    lines.add(`${where ? `at ${where}: ` : ''}expected ${expected}, got ${render(error.value)}`);
  }
  return [...lines];
};

const isUnionIndex = (context: t.Context, i: number): boolean => {
  const parent = context[i - 1]?.type;
  return parent instanceof t.UnionType || parent instanceof t.IntersectionType;
};

const render = (value: unknown): string => {
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
};
