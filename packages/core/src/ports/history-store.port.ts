import type { CadenzaError } from '../errors/cadenza-error';

/**
 * The history port: one append-only stream per workflow instance. Every adapter (in-memory, PostgreSQL,
 * EventStoreDB) keeps these rules, and the history-store conformance suite checks them:
 *
 * - Revisions count from 0: the first event of a stream has revision 0.
 * - `append` is atomic and optimistic. With `expected` not equal to the stream's current revision
 *   (`'no-stream'` for a stream that does not exist) it throws `ConcurrencyError` and writes nothing.
 *   This is what proves a workflow engine's cached instance fresh when its key moved between engines.
 * - `delete` removes the events for good and leaves a tombstone: `read` then answers `revision: 'deleted'`
 *   with no events, and any later `append` throws `StreamDeletedError`. A deleted stream is never reopened,
 *   which is how a finished workflow's id refuses a second start.
 * - `delete(stream, kept)` does the same and keeps `kept.outcome` (a JSON value: how the workflow ended)
 *   beside the tombstone until `kept.until` (ms since the epoch): `read` then answers `revision: 'deleted'`,
 *   no events, and that `outcome`. A tombstone deleted without `kept` is kept for good, with no outcome.
 * - `sweep(now, limit)` removes at most `limit` tombstones whose `until` is at or before `now`, with their
 *   outcomes, and answers how many it removed (fewer than `limit`: nothing more is due). A swept stream is
 *   gone: `read` answers `'no-stream'` and the id may start again (unless `capabilities.sweepsTombstones` is
 *   false: then the tombstone stays and only the outcome goes). A tombstone whose time has passed but
 *   that no sweep removed yet still answers `'deleted'` with its outcome.
 * - `read` of a stream that never existed answers `revision: 'no-stream'` and no events.
 * - Data and metadata are JSON values and come back deep-equal.
 * - **Events are values.** A caller that appends with `handedOver` never changes the events afterwards, and
 *   one that reads with `readOnly` never changes what it read, so a store in this process may keep and hand
 *   out the very objects. Any other caller is protected, as by a database: what it changes after appending,
 *   or in what it read, never changes history. The workflow engine appends and deletes `handedOver` and reads `readOnly`.
 * - **The tag index** (when `capabilities.tags` is true; see docs/tags.md). An append at `'no-stream'` with
 *   `index` (in {@link AppendOptions} or the {@link AppendRequest}) records the stream under each of
 *   `index.tags` in `index.scope`, as `index.id`, in the same commit as the events: a crash leaves both or
 *   neither. `index` on any other append is ignored. `delete` (and `untag`) removes the stream's entries in
 *   the same commit, so `tagIds` lists exactly the streams that exist, are not deleted, and were not untagged.
 *   `tagIds` pages by id, in the store's fixed order of ids, after the `after` cursor: a page never repeats an id
 *   of an earlier one, and ids added while paging appear if they sort after the cursor. An unknown tag is an
 *   empty page, not an error; an empty tag throws `InvalidTagError`.
 */
export interface HistoryStore {
  readonly capabilities: HistoryStoreCapabilities;
  read(stream: string, options?: ReadOptions): Promise<ReadResult>;
  /** Appends `events` (at least one) and returns the stream's new revision. */
  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision, options?: AppendOptions): Promise<Revision>;
  /**
   * Optional: appends to several streams at once (one commit for the lot), each entry checked and answered
   * exactly as `append` would answer it alone, in order; one stale entry fails only itself. The engine
   * batches the steps of different workflows through it when a store has it.
   */
  appendMany?(batch: readonly AppendRequest[]): Promise<AppendOutcome[]>;
  /**
   * Optional: removes the events of `stream` before `revision` for good (revisions do not change: the next
   * append still expects the stream's last revision, and `read` answers the events from `revision` on). The
   * engine calls it when a workflow continues as new, to drop the runs before the current one.
   */
  truncateBefore?(stream: string, revision: Revision): Promise<void>;
  /** Deletes a stream for good, leaving a tombstone; `kept` keeps an outcome beside it until a time (see above). */
  delete(stream: string, kept?: KeptOutcome, options?: DeleteOptions): Promise<void>;
  /** Removes up to `limit` (default {@link DEFAULT_SWEEP_LIMIT}) tombstones whose time passed by `now`; answers how many. */
  sweep(now: number, limit?: number): Promise<number>;
  /**
   * Optional (with `capabilities.tags`): the ids recorded under `tag` in `scope` (see "The tag index"),
   * at most `limit` (default {@link DEFAULT_TAG_PAGE_LIMIT}) after `after`; `next` is the cursor of the next
   * page, absent on the last one.
   */
  tagIds?(scope: string, tag: string, options?: TagPageOptions): Promise<TagPage>;
  /** Optional (with `capabilities.tags`): removes the stream's index entries and keeps its history (an ended workflow whose history is retained). */
  untag?(stream: string): Promise<void>;
  /** Releases connections; the store is not used afterwards. */
  close(): Promise<void>;
}

/** How a caller treats what it reads (see "Events are values"). */
export interface ReadOptions {
  /** The caller never changes the events read, nor anything in them.
   *  @default false */
  readonly readOnly?: boolean;
}

/** How a caller treats what it appends (see "Events are values"). */
export interface AppendOptions {
  /** The caller never changes the events, nor anything in them, once appended.
   *  @default false */
  readonly handedOver?: boolean;
  /** Only on the first append (`expected: 'no-stream'`): the tag index entries written with it. */
  readonly index?: TagIndexEntry;
}

/**
 * What the tag index records of a new stream: its `id` under each tag, within `scope`. The workflow engine
 * passes `scope: names.tagScope(workflowName)` (`<namespace>.<Workflow>`) and the workflow id.
 */
export interface TagIndexEntry {
  readonly scope: string;
  readonly id: string;
  /** Valid tags (see `isValidTag`); a repeated tag is recorded once. */
  readonly tags: readonly string[];
}

/** Which page of a tag's ids `tagIds` answers. */
export interface TagPageOptions {
  /** Ids after this one (the `next` of the previous page); from the first when absent. */
  readonly after?: string;
  /** At most this many ids, 1 to {@link MAX_TAG_PAGE_LIMIT}.
   *  @default DEFAULT_TAG_PAGE_LIMIT */
  readonly limit?: number;
}

/** One page of a tag's ids, in the store's order of ids; `next` (the last id) when more may follow. */
export interface TagPage {
  readonly ids: readonly string[];
  readonly next?: string;
}

/** Ids a `tagIds` page holds when no limit is given. */
export const DEFAULT_TAG_PAGE_LIMIT = 500;
/** The most ids one `tagIds` page may hold. */
export const MAX_TAG_PAGE_LIMIT = 10_000;

/** How a caller treats the outcome it keeps with `delete` (see "Events are values"). */
export interface DeleteOptions {
  /** The caller never changes `kept.outcome`, nor anything in it, once deleted.
   *  @default false */
  readonly handedOver?: boolean;
}

/** Tombstones a single `sweep` removes at most when no limit is given. */
export const DEFAULT_SWEEP_LIMIT = 1000;

/** What `delete` keeps of an ended stream, and until when. */
export interface KeptOutcome {
  /** A JSON value; it comes back deep-equal. */
  readonly outcome: unknown;
  /** Milliseconds since the epoch; a sweep at or after it removes the tombstone and the outcome. */
  readonly until: number;
}

/** One append of an `appendMany` batch. */
export interface AppendRequest {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  /** As {@link AppendOptions.index}. */
  readonly index?: TagIndexEntry;
}

/** The outcome of one append of a batch: its new revision, or the error a single `append` would throw. */
export type AppendOutcome = { readonly ok: true; readonly revision: Revision } | { readonly ok: false; readonly error: CadenzaError };

/** The revision of a stream's last event; the first event has revision 0. */
export type Revision = number;
export type ExpectedRevision = Revision | 'no-stream';

export interface NewEvent {
  /** A UUID; the engine derives it from the causing message, so repeating an append repeats the ids. */
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

export interface StoredEvent extends NewEvent {
  readonly revision: Revision;
}

export interface ReadResult {
  readonly events: readonly StoredEvent[];
  readonly revision: Revision | 'no-stream' | 'deleted';
  /** Only with `revision: 'deleted'`: the outcome `delete` kept, until it is swept. */
  readonly outcome?: unknown;
}

/** What a store can do, as data. */
export interface HistoryStoreCapabilities {
  /** Data survives a restart of the process. */
  readonly durable: boolean;
  /**
   * A sweep removes the tombstone with the outcome, so the stream reads `'no-stream'` and its id may start
   * again. `false` (EventStoreDB, whose tombstones are for good): the sweep removes only the outcome, and the
   * stream reads `'deleted'` without one for ever.
   * @default true */
  readonly sweepsTombstones?: boolean;
  /**
   * The store keeps the tag index ("The tag index" above): it has `tagIds` and `untag`, and writes `index`
   * entries with first appends. Without it, `client.getIds` and `client.getByTag` throw `TagsUnsupportedError`.
   * @default false */
  readonly tags?: boolean;
}
