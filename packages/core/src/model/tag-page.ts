import { InvalidArgumentsError } from '../errors/invalid-arguments-error';
import { DEFAULT_TAG_PAGE_LIMIT, MAX_TAG_PAGE_LIMIT, type TagPageOptions } from '../ports/history-store.port';
import { checkTag } from './tags';

/** A `tagIds` request, checked, with the defaults filled in. */
export interface TagPageRequest {
  readonly tag: string;
  readonly after: string | undefined;
  readonly limit: number;
}

/**
 * Checks what a store's `tagIds` was asked, so every store refuses the same things the same way.
 * @throws InvalidTagError for a tag that is not one; InvalidArgumentsError for a `limit` that is not an
 * integer from 1 to {@link MAX_TAG_PAGE_LIMIT}, or an `after` that is not a string.
 */
export const checkTagPage = (tag: string, options: TagPageOptions = {}): TagPageRequest => {
  checkTag(tag, 'tag');
  const limit = options.limit ?? DEFAULT_TAG_PAGE_LIMIT;
  const problems: string[] = [];
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TAG_PAGE_LIMIT) problems.push(`limit: expected an integer from 1 to ${MAX_TAG_PAGE_LIMIT}, got ${String(limit)}`);
  if (options.after !== undefined && typeof options.after !== 'string') problems.push(`after: expected a string (the next of a page), got ${typeof options.after}`);
  if (problems.length > 0) throw new InvalidArgumentsError(`tag page of ${JSON.stringify(tag)}`, problems);
  return { tag, after: options.after, limit };
};

/** The page of `limit` ids from `sorted` (ascending) that follow `after`: `next` when more follow. */
export const pageOf = (sorted: readonly string[], { after, limit }: TagPageRequest): { ids: string[]; next?: string } => {
  let from = 0;
  if (after !== undefined) {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! <= after) lo = mid + 1;
      else hi = mid;
    }
    from = lo;
  }
  const ids = sorted.slice(from, from + limit);
  return from + limit < sorted.length ? { ids, next: ids[ids.length - 1]! } : { ids };
};
