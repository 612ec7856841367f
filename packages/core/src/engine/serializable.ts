import { UnserializableValueError } from '../errors/unserializable-value-error';
import { jsonCopy } from '../support/json-copy';

/**
 * A value of workflow code as it reads back from JSON storage, so live and replayed code see the same
 * thing. What JSON cannot carry (a BigInt, a cycle, a lone function) throws {@link UnserializableValueError}
 * here, where it fails the workflow, instead of failing the step on every delivery. The copy follows JSON's
 * rules without a text round trip; a cycle reaches JSON itself once nested past the copy's depth bound, so it
 * fails with JSON's TypeError at once rather than overflowing the stack.
 */
export const serializable = (value: unknown, what: string): unknown => {
  if (value === undefined) return null;
  let copy: unknown;
  try {
    copy = jsonCopy(value);
  } catch (error) {
    throw new UnserializableValueError(what, (error as Error).message, { cause: error });
  }
  if (copy === undefined) throw new UnserializableValueError(what, `a ${typeof value} has no JSON form`);
  return copy;
};
