import { UnserializableValueError } from '../errors/unserializable-value-error';

/**
 * A value of workflow code as it reads back from JSON storage, so live and replayed code see the same
 * thing. What JSON cannot carry (a BigInt, a cycle, a lone function, nesting deep enough to overflow the
 * stack) throws {@link UnserializableValueError} here, where it fails the workflow, instead of failing
 * the step on every delivery.
 */
export const serializable = (value: unknown, what: string): unknown => {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new UnserializableValueError(what, (error as Error).message, { cause: error });
  }
  if (text === undefined) throw new UnserializableValueError(what, `a ${typeof value} has no JSON form`);
  return JSON.parse(text);
};
