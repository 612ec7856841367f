import {
  type AppendOptions,
  ConcurrencyError,
  DEFAULT_SWEEP_LIMIT,
  type ExpectedRevision,
  type KeptOutcome,
  type HistoryStore,
  jsonCopy,
  type NewEvent,
  type ReadResult,
  type Revision,
  type StoredEvent,
  StreamDeletedError,
} from '@cadenza/core';
import { InMemoryTagIndex } from './in-memory-tag-index';

/**
 * Keeps histories in this process, with the port's full semantics (optimistic append, tombstones, kept
 * outcomes and their sweep). Events
 * are copied by JSON rules on append and each read gets copies of its own, as from a database: a caller
 * changing what it appended, or what it read, can never change history. A caller that keeps the port's rule
 * "Events are values" (the workflow engine) says so, and skips those copies: events appended `handedOver`
 * (and an outcome deleted `handedOver`) are kept as they are, and a `readOnly` read is handed those kept.
 * It keeps the tag index too (`capabilities.tags`): entries are added by the first append, in the same
 * synchronous step, and removed by `delete` or `untag`.
 */
export const createInMemoryHistoryStore = (): HistoryStore => {
  const streams = new Map<string, StoredEvent[]>();
  /** Tombstones, with what `delete` kept (none: kept for good). */
  const deleted = new Map<string, KeptOutcome | undefined>();
  const tags = new InMemoryTagIndex();
  /** How many events `truncateBefore` dropped from the front of each stream (its revisions do not change). */
  const dropped = new Map<string, number>();
  const lastRevision = (stream: string, events: readonly StoredEvent[]): Revision => (dropped.get(stream) ?? 0) + events.length - 1;
  return {
    capabilities: { durable: false, tags: true },
    // A stream is live or deleted, never both: the small map of live ones is asked first, and the tombstones
    // (one per ended workflow, kept for the outcome retention) only for a stream that is not live.
    read: async (stream, options): Promise<ReadResult> => {
      const events = streams.get(stream);
      if (events) return { events: options?.readOnly ? events.slice() : events.map(copyEvent), revision: lastRevision(stream, events) };
      if (deleted.has(stream)) {
        const kept = deleted.get(stream);
        return kept ? { events: [], revision: 'deleted', outcome: options?.readOnly ? kept.outcome : jsonCopy(kept.outcome) } : { events: [], revision: 'deleted' };
      }
      return { events: [], revision: 'no-stream' };
    },
    append: async (stream: string, events: readonly NewEvent[], expected: ExpectedRevision, options?: AppendOptions): Promise<Revision> => {
      const current = streams.get(stream);
      if (!current && deleted.has(stream)) throw new StreamDeletedError(stream);
      if (events.length === 0) throw new RangeError(`append to ${stream}: at least one event is required`);
      const actual = current ? lastRevision(stream, current) : 'no-stream';
      const base = dropped.get(stream) ?? 0;
      if (actual !== expected) throw new ConcurrencyError(stream, expected, actual);
      const target = current ?? [];
      if (!current && options?.index) tags.add(stream, options.index);
      if (options?.handedOver) {
        for (const { id, type, data, metadata } of events) target.push({ id, type, revision: base + target.length, data, metadata });
        streams.set(stream, target);
        return base + target.length - 1;
      }
      // The events of one decision share their metadata: one copy serves them all (reads copy it again).
      let metadataOf: unknown;
      let metadataCopy: unknown;
      for (const { id, type, data, metadata } of events) {
        if (metadata !== metadataOf) {
          metadataOf = metadata;
          metadataCopy = jsonCopy(metadata);
        }
        target.push({ id, type, revision: base + target.length, data: jsonCopy(data), metadata: metadataCopy });
      }
      streams.set(stream, target);
      return base + target.length - 1;
    },
    truncateBefore: async (stream, revision) => {
      const events = streams.get(stream);
      const base = dropped.get(stream) ?? 0;
      if (!events || revision <= base) return;
      const drop = Math.min(revision - base, events.length);
      streams.set(stream, events.slice(drop));
      dropped.set(stream, base + drop);
    },
    delete: async (stream, kept, options) => {
      streams.delete(stream);
      tags.remove(stream);
      dropped.delete(stream);
      deleted.set(stream, kept ? { outcome: options?.handedOver ? kept.outcome : jsonCopy(kept.outcome), until: kept.until } : undefined);
    },
    sweep: async (now, limit = DEFAULT_SWEEP_LIMIT) => {
      let removed = 0;
      for (const [stream, kept] of deleted) {
        if (removed >= limit) break;
        if (kept === undefined || kept.until > now) continue;
        deleted.delete(stream);
        removed++;
      }
      return removed;
    },
    tagIds: async (scope, tag, options) => tags.page(scope, tag, options),
    untag: async (stream) => tags.remove(stream),
    close: async () => undefined,
  };
};

const copyEvent = ({ id, type, revision, data, metadata }: StoredEvent): StoredEvent =>
  ({ id, type, revision, data: jsonCopy(data), metadata: jsonCopy(metadata) });
