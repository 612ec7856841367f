import type { AppendOptions, ExpectedRevision, HistoryStore, HistoryStoreCapabilities, KeptOutcome, NewEvent, TagPageOptions } from '@cadenza/core';
import { ClosedError } from '@cadenza/core';
import { EventStoreDBClient } from '@eventstore/db-client';
import { appendToStream } from './append-to-stream';
import { deleteStream } from './delete-stream';
import { type EventStoreDbCallOptions, type EventStoreDbHistoryConfig, eventStoreDbDefaults, redact, resolveEventStoreDbOptions } from './eventstoredb-history-store.options';
import { keepOutcome, readKeptOutcome, sweepKeptOutcomes } from './kept-outcomes';
import { readStream } from './read-stream';
import { addTags, removeTags, tagIds } from './tag-streams';

/**
 * EventStoreDB keeps histories across restarts; its tombstones are for good, so a sweep removes only the kept
 * outcome. It keeps a tag index in streams of its own (see `tag-streams.ts`): written before a first append and
 * removed after a delete, and checked against the streams when listed, since EventStoreDB commits one stream at a time.
 */
export const eventStoreDbCapabilities: HistoryStoreCapabilities = { durable: true, sweepsTombstones: false, tags: true };

/**
 * A history store on EventStoreDB, mapped 1:1: one stream per workflow, revisions from 0, the expected
 * revision passed through, `WrongExpectedVersion` → `ConcurrencyError`, delete = tombstone. A kept outcome
 * lives in a companion stream, found by an index stream for the sweep (see `kept-outcomes.ts`). EventStoreDB
 * never reopens a tombstoned stream, so after the sweep the stream still reads `deleted`, without an outcome.
 *
 * Given a client, the store shares it and `close()` leaves it to its owner (E1); given options
 * (`{ type: 'eventstoredb', connectionString }`), it builds its own client and disposes of it on `close()`.
 *
 * One difference from the port's wording: EventStoreDB is idempotent by event id, so an append that
 * repeats an earlier successful one exactly (same ids, same expected revision) succeeds again without
 * writing, where other stores throw `ConcurrencyError`. Either answer leaves the history unchanged.
 */
export function createEventStoreDbHistoryStore(client: EventStoreDBClient, options?: EventStoreDbCallOptions): HistoryStore;
export function createEventStoreDbHistoryStore(options: EventStoreDbHistoryConfig): HistoryStore;
export function createEventStoreDbHistoryStore(source: EventStoreDBClient | EventStoreDbHistoryConfig, options: EventStoreDbCallOptions = {}): HistoryStore {
  if (isClient(source)) {
    return storeOn(source, { deadlineMs: options.deadlineMs ?? eventStoreDbDefaults.deadlineMs, target: 'the EventStoreDB the client connects to' }, async () => undefined);
  }
  const o = resolveEventStoreDbOptions(source);
  const client = EventStoreDBClient.connectionString(withDefaultDeadline(o.connectionString, o.deadlineMs));
  return storeOn(client, { deadlineMs: o.deadlineMs, target: describeTarget(o.connectionString) }, () => client.dispose());
}

// Duck-typed too: an app may hold another copy of the client package.
const isClient = (source: unknown): source is EventStoreDBClient =>
  source instanceof EventStoreDBClient || typeof (source as { appendToStream?: unknown }).appendToStream === 'function';

const storeOn = (client: EventStoreDBClient, call: { deadlineMs: number; target: string }, dispose: () => Promise<void>): HistoryStore => {
  let closed = false;
  const open = (): void => {
    if (closed) throw new ClosedError('EventStoreDB history store');
  };
  return {
    capabilities: eventStoreDbCapabilities,
    read: async (stream: string) => {
      open();
      const read = await readStream(client, stream, call);
      if (read.revision !== 'deleted') return read;
      const kept = await readKeptOutcome(client, stream, call);
      return kept ? { ...read, outcome: kept.outcome } : read;
    },
    append: async (stream: string, events: readonly NewEvent[], expected: ExpectedRevision, options?: AppendOptions) => {
      open();
      // Before the events: a crash between leaves an entry whose stream is missing, which tagIds does not list.
      if (expected === 'no-stream' && options?.index && events.length > 0) await addTags(client, stream, options.index, events[0]!.id, call);
      return appendToStream(client, stream, events, expected, call);
    },
    delete: async (stream: string, kept?: KeptOutcome) => {
      open();
      if (kept) await keepOutcome(client, stream, kept, call);
      await deleteStream(client, stream, call);
      // After the tombstone: a crash between leaves an entry whose stream is deleted, which tagIds does not list.
      await removeTags(client, stream, call);
    },
    tagIds: async (scope: string, tag: string, options?: TagPageOptions) => (open(), tagIds(client, scope, tag, options, call)),
    untag: async (stream: string) => (open(), removeTags(client, stream, call)),
    sweep: async (now: number, limit?: number) => (open(), sweepKeptOutcomes(client, now, limit, call)),
    close: async () => {
      if (closed) return;
      closed = true;
      await dispose();
    },
  };
};

/** The client's own calls (its feature probe among them) get our deadline unless the string sets one. */
const withDefaultDeadline = (connectionString: string, deadlineMs: number): string =>
  /[?&]defaultDeadline=/i.test(connectionString) ? connectionString : `${connectionString}${connectionString.includes('?') ? '&' : '?'}defaultDeadline=${deadlineMs}`;

/** `host:port` (or the hosts of a cluster) from an esdb:// connection string; never credentials. */
const describeTarget = (connectionString: string): string => redact(connectionString).replace(/^esdb(\+discover)?:\/\/([^@]*@)?/, '').replace(/[/?].*$/, '');
