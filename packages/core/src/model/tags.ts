import { InvalidTagError } from '../errors/invalid-tag-error';

/** The longest tag, in UTF-16 code units (JavaScript's `length`). */
export const MAX_TAG_LENGTH = 256;

// C0 controls, DEL and C1 controls: invisible in logs and refused by some stores (PostgreSQL text refuses \u0000).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why `tag` is not a tag Cadenza accepts, or undefined when it is one. */
export const tagProblem = (tag: unknown): string | undefined => {
  if (typeof tag !== 'string') return 'expected a string';
  if (tag.length === 0) return 'expected a non-empty string';
  if (tag.length > MAX_TAG_LENGTH) return `expected at most ${MAX_TAG_LENGTH} characters (it has ${tag.length})`;
  if (CONTROL.test(tag)) return 'expected no control characters';
  return undefined;
};

/** True for a tag Cadenza accepts: a string of 1 to 256 characters with no control character. */
export const isValidTag = (tag: unknown): tag is string => tagProblem(tag) === undefined;

/** `tag`, checked. @throws InvalidTagError naming `field`. */
export const checkTag = (tag: unknown, field: string): string => {
  const problem = tagProblem(tag);
  if (problem !== undefined) throw new InvalidTagError(field, problem, tag);
  return tag as string;
};

/** Each tag of a start's options, checked. @throws InvalidTagError naming `field.<i>`. */
export const checkTags = (tags: readonly unknown[], field: string): string[] => tags.map((tag, i) => checkTag(tag, `${field}.${i}`));
