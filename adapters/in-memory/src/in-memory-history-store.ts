import {
  ConcurrencyError,
  type ExpectedRevision,
  type HistoryStore,
  jsonCopy,
  type NewEvent,
  type ReadResult,
  type Revision,
  type StoredEvent,
  StreamDeletedError,
} from '@cadenza/core';

/**
 * Keeps histories in this process, with the port's full semantics (optimistic append, tombstones). Events
 * are copied by JSON rules on append and each read gets copies of its own, as from a database: a caller
 * changing what it appended, or what it read, can never change history.
 */
export const createInMemoryHistoryStore = (): HistoryStore => {
  const streams = new Map<string, StoredEvent[]>();
  const deleted = new Set<string>();
  return {
    capabilities: { durable: false },
    read: async (stream): Promise<ReadResult> => {
      if (deleted.has(stream)) return { events: [], revision: 'deleted' };
      const events = streams.get(stream);
      return events ? { events: events.map(copyEvent), revision: events.length - 1 } : { events: [], revision: 'no-stream' };
    },
    append: async (stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<Revision> => {
      if (deleted.has(stream)) throw new StreamDeletedError(stream);
      if (events.length === 0) throw new RangeError(`append to ${stream}: at least one event is required`);
      const current = streams.get(stream);
      const actual = current ? current.length - 1 : 'no-stream';
      if (actual !== expected) throw new ConcurrencyError(stream, expected, actual);
      const target = current ?? [];
      // The events of one decision share their metadata: one copy serves them all (reads copy it again).
      let metadataOf: unknown;
      let metadataCopy: unknown;
      for (const { id, type, data, metadata } of events) {
        if (metadata !== metadataOf) {
          metadataOf = metadata;
          metadataCopy = jsonCopy(metadata);
        }
        target.push({ id, type, revision: target.length, data: jsonCopy(data), metadata: metadataCopy });
      }
      streams.set(stream, target);
      return target.length - 1;
    },
    delete: async (stream) => {
      streams.delete(stream);
      deleted.add(stream);
    },
    close: async () => undefined,
  };
};

const copyEvent = ({ id, type, revision, data, metadata }: StoredEvent): StoredEvent =>
  ({ id, type, revision, data: jsonCopy(data), metadata: jsonCopy(metadata) });
