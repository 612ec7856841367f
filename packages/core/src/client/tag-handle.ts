import type { CadenzaError } from '../errors/cadenza-error';
import { hasErrorCode } from '../errors/cadenza-error';
import { TagsUnsupportedError } from '../errors/tags-unsupported-error';
import type { HistoryStore, TagPage, TagPageOptions } from '../ports/history-store.port';

/** How `client.getByTag` pages through a tag's ids. */
export interface TagHandleOptions {
  /** Ids read per page, and requests sent at once: a page's requests are all answered before the next page is read.
   *  @default DEFAULT_TAG_FAN_OUT_PAGE_SIZE (500) */
  readonly pageSize?: number;
}

/** Ids per page (and requests in flight) of a tag fan-out when no `pageSize` is given. */
export const DEFAULT_TAG_FAN_OUT_PAGE_SIZE = 500;

/** What a fan-out did: to how many instances it applied, which it skipped, and which failed. */
export interface TagFanOutResult {
  /** Instances that accepted the request. */
  readonly count: number;
  /**
   * Instances the request did not apply to, with the refusal: one that ended between the listing and the
   * request (`WorkflowUnknownError`), and for `retry`, one that has not failed (`WorkflowNotFailedError`).
   */
  readonly skipped: readonly TagFanOutRefusal[];
  /** Instances whose request failed otherwise (a channel full, a value refused, a timeout): try them again by id. */
  readonly failed: readonly TagFanOutRefusal[];
}

export interface TagFanOutRefusal {
  readonly workflowId: string;
  readonly error: CadenzaError;
}

/**
 * Every running instance of one workflow with one tag, as `client.getByTag(Workflow, tag)` gives it. Each
 * action pages through the tag index and sends the request to each instance listed, a page at a time,
 * and resolves once every request was answered. Ids are read as each page is reached: an instance started
 * with the tag meanwhile is included if its id sorts after the page reached, an instance that ended is not.
 */
export interface TagHandle<C = Record<string, unknown>> {
  readonly workflowName: string;
  readonly tag: string;
  /** The ids listed under the tag, page after page (see `client.getIds`). */
  ids(): AsyncIterableIterator<string>;
  /** Sends `value` to `channel` of each instance (see `WorkflowHandle.send`). */
  send<K extends keyof C & string>(channel: K, value: C[K]): Promise<TagFanOutResult>;
  /** Cancels each instance (see `WorkflowHandle.cancel`). */
  cancel(reason?: string): Promise<TagFanOutResult>;
  /** Retries each failed instance; running ones are `skipped` (see `WorkflowHandle.retry`). */
  retry(): Promise<TagFanOutResult>;
}

/** One page of the tag index, from a store that keeps one. */
export const readTagPage = async (store: HistoryStore, scope: string, tag: string, options: TagPageOptions): Promise<TagPage> => {
  if (!store.capabilities.tags || !store.tagIds) throw new TagsUnsupportedError('the history store the client was given');
  return store.tagIds(scope, tag, options);
};

/** Every id under the tag, page after page of `pageSize`. */
export async function* tagIds(readPage: (options: TagPageOptions) => Promise<TagPage>, pageSize: number): AsyncGenerator<string[]> {
  let after: string | undefined;
  for (;;) {
    const page = await readPage(after === undefined ? { limit: pageSize } : { after, limit: pageSize });
    if (page.ids.length > 0) yield [...page.ids];
    if (page.next === undefined) return;
    after = page.next;
  }
}

/** Sends `act` to every id, a page at a time, and sorts the answers. */
export const fanOut = async (pages: AsyncIterable<string[]>, act: (workflowId: string) => Promise<void>, skippable: (error: unknown) => boolean): Promise<TagFanOutResult> => {
  let count = 0;
  const skipped: TagFanOutRefusal[] = [];
  const failed: TagFanOutRefusal[] = [];
  for await (const ids of pages) {
    const outcomes = await Promise.allSettled(ids.map(act));
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') count++;
      else (skippable(outcome.reason) ? skipped : failed).push({ workflowId: ids[i]!, error: outcome.reason as CadenzaError });
    });
  }
  return { count, skipped, failed };
};

/** An instance that ended before its request arrived. */
export const endedMeanwhile = (error: unknown): boolean => hasErrorCode(error, 'WORKFLOW_UNKNOWN');
/** For `retry`: an instance that ended meanwhile, or one that has not failed. */
export const notRetriable = (error: unknown): boolean => endedMeanwhile(error) || hasErrorCode(error, 'WORKFLOW_NOT_FAILED');
