import { BatchResultsMismatchError } from '../errors/batch-results-mismatch-error';
import type { BatchItemOutcome } from './batch-options';

/**
 * The answer of a batch handler for `count` items, one outcome per item. An answer whose every entry is a
 * {@link BatchItemOutcome} (an object with exactly `ok: true` and `value`, or `ok: false` and `error`) is taken
 * per item; any other array is the items' results. Not an array, or not `count` long: a
 * {@link BatchResultsMismatchError}, the batch failed as a whole.
 */
export const batchItemOutcomes = (target: string, answer: unknown, count: number): Array<BatchItemOutcome<unknown>> => {
  if (!Array.isArray(answer)) throw new BatchResultsMismatchError(target, count, answer === null ? 'null' : `a ${typeof answer}, not an array`);
  if (answer.length !== count) throw new BatchResultsMismatchError(target, count, `${answer.length} results`);
  const entries = answer as unknown[];
  if (entries.length > 0 && entries.every(isItemOutcome)) return entries;
  return entries.map((value) => ({ ok: true, value }));
};

const isItemOutcome = (entry: unknown): entry is BatchItemOutcome<unknown> => {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false;
  const keys = Object.keys(entry);
  if (keys.length !== 2 || !keys.includes('ok')) return false;
  const { ok } = entry as { ok: unknown };
  return (ok === true && keys.includes('value')) || (ok === false && keys.includes('error'));
};
