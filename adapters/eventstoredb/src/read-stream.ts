import { CorruptHistoryError, type ReadResult, type StoredEvent } from '@cadenza/core';
import { type BinaryRecordedEvent, type EventStoreDBClient, FORWARDS, type JSONRecordedEvent, START } from '@eventstore/db-client';
import { type EsdbCall, translateEsdbError } from './translate-esdb-error';
import { drainRead } from './drain-read';

type Recorded = JSONRecordedEvent | BinaryRecordedEvent;

/**
 * Reads the whole stream forwards. Not found → `no-stream`; tombstoned → `deleted`. The stream is always
 * read to its end before events are checked: leaving a read half-consumed keeps its gRPC call open and
 * makes the client's `dispose()` wait for ever.
 */
export const readStream = async (client: EventStoreDBClient, stream: string, call: Omit<EsdbCall, 'operation' | 'stream'>): Promise<ReadResult> => {
  let recorded: Recorded[];
  try {
    const readable = client.readStream(stream, { direction: FORWARDS, fromRevision: START });
    recorded = (await drainRead(readable, call.deadlineMs, `read of stream ${stream} on EventStoreDB at ${call.target}`)) as Recorded[];
  } catch (error) {
    const type = (error as { type?: unknown }).type;
    if (type === 'stream-not-found') return { events: [], revision: 'no-stream' };
    if (type === 'stream-deleted') return { events: [], revision: 'deleted' };
    throw translateEsdbError(error, { ...call, operation: 'read', stream });
  }
  if (recorded.length === 0) return { events: [], revision: 'no-stream' };
  const events = recorded.map((e) => toStoredEvent(stream, e));
  return { events, revision: events[events.length - 1]!.revision };
};

const decoder = new TextDecoder('utf-8', { fatal: true });

const toStoredEvent = (stream: string, e: Recorded): StoredEvent => {
  const revision = Number(e.revision);
  // Our events are JSON; a binary one was written by something else and must still hold JSON.
  const data = e.isJson ? e.data : parseBytes(stream, revision, 'data', e.data as Uint8Array);
  return { id: e.id, type: e.type, revision, data, metadata: metadataOf(stream, revision, e.metadata) };
};

const metadataOf = (stream: string, revision: number, metadata: unknown): unknown => {
  if (metadata === undefined) return null; // written without metadata, by something other than Cadenza
  if (metadata instanceof Uint8Array) return parseBytes(stream, revision, 'metadata', metadata); // the client could not parse it
  return metadata;
};

const parseBytes = (stream: string, revision: number, field: string, bytes: Uint8Array): unknown => {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch (error) {
    throw new CorruptHistoryError(stream, revision, `${field} is not JSON (${(error as Error).message})`);
  }
};
