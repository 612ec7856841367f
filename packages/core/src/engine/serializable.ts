import { UnserializableValueError } from '../errors/unserializable-value-error';
import { jsonCopy } from '../support/json-copy';

/**
 * A value of workflow code as it reads back from JSON storage, so live and replayed code see the same
 * thing. What JSON cannot carry (a BigInt, a cycle, a lone function, nesting deep enough to overflow the
 * stack) throws {@link UnserializableValueError} here, where it fails the workflow, instead of failing
 * the step on every delivery. The copy follows JSON's rules without a round trip through text; only a value
 * it cannot copy is encoded, for JSON's own words on what is wrong with it.
 */
export const serializable = (value: unknown, what: string): unknown => {
  if (value === undefined) return null;
  let copy: unknown;
  try {
    copy = jsonCopy(value);
  } catch (error) {
    throw new UnserializableValueError(what, reasonOf(value, error), { cause: error });
  }
  if (copy === undefined) throw new UnserializableValueError(what, `a ${typeof value} has no JSON form`);
  return copy;
};

const reasonOf = (value: unknown, copyError: unknown): string => {
  try {
    JSON.stringify(value);
  } catch (error) {
    return (error as Error).message;
  }
  return (copyError as Error).message;
};
