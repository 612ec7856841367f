import { jsonCopy } from './json-copy';

/**
 * A value as it reads back from JSON storage, so live code and replayed code see the same thing: `undefined`
 * reads back as `null`; a value JSON cannot write at all (a function, a symbol) is a `TypeError`, never lost.
 */
export const toJson = (value: unknown): unknown => {
  if (value === undefined) return null;
  const copy = jsonCopy(value);
  if (copy === undefined) throw new TypeError(`a ${typeof value} cannot be written as JSON`);
  return copy;
};
