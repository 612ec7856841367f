import { DEFAULT_SWEEP_LIMIT, type KeptOutcome } from '@cadenza/core';
import { ANY, BACKWARDS, END, type EventStoreDBClient, FORWARDS, jsonEvent, NO_STREAM, type JSONType, type START } from '@eventstore/db-client';
import { drainRead } from './drain-read';
import { type EsdbCall, translateEsdbError } from './translate-esdb-error';
import { withDeadline } from './with-deadline';

type Call = Omit<EsdbCall, 'operation' | 'stream'>;

/**
 * Where EventStoreDB keeps what `delete` keeps: the outcome in a companion stream per deleted stream, and one
 * index stream of `{ stream, until }` entries (in delete order) with a checkpoint stream, for the sweep. The
 * prefix holds a `:`, which no Cadenza namespace (a topic name) may hold, so no workflow stream can share it.
 */
export const keptStreamOf = (stream: string): string => `cadenza:kept:${stream}`;
export const KEPT_INDEX_STREAM = 'cadenza:kept-index';
export const KEPT_CHECKPOINT_STREAM = 'cadenza:kept-checkpoint';

/** Index entries a sweep reads at most, beyond those it removes: entries not yet due are read again next time. */
const SCAN_FACTOR = 4;

interface IndexEntry {
  readonly stream: string;
  readonly until: number;
}

/** Records the outcome and its index entry; called before the stream is tombstoned, so a crash between keeps both. */
export const keepOutcome = async (client: EventStoreDBClient, stream: string, kept: KeptOutcome, call: Call): Promise<void> => {
  try {
    await append(client, keptStreamOf(stream), { outcome: kept.outcome }, 'KeptOutcome', call);
  } catch (error) {
    // A repeated delete after the sweep: the outcome was kept and its time is over.
    if ((error as { code?: unknown }).code === 'STREAM_DELETED') return;
    throw error;
  }
  await append(client, KEPT_INDEX_STREAM, { stream, until: kept.until }, 'KeptUntil', call);
};

/** The outcome kept for a tombstoned stream, if any is left. */
export const readKeptOutcome = async (client: EventStoreDBClient, stream: string, call: Call): Promise<{ outcome: unknown } | undefined> => {
  const [last] = await readSome(client, keptStreamOf(stream), { direction: BACKWARDS, fromRevision: END, maxCount: 1 }, call);
  return last === undefined ? undefined : { outcome: (last as { outcome?: unknown }).outcome };
};

/**
 * Tombstones the companion streams of index entries due by `now`, at most `limit` of them, and answers how
 * many it removed. The checkpoint moves past the leading entries that are done; an entry not yet due stays
 * for a later sweep. Two sweepers at once remove each outcome once (a second tombstone is no removal), and
 * only one of them moves the checkpoint.
 */
export const sweepKeptOutcomes = async (client: EventStoreDBClient, now: number, limit: number = DEFAULT_SWEEP_LIMIT, call: Call): Promise<number> => {
  const [mark] = await readSomeWithRevision(client, KEPT_CHECKPOINT_STREAM, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }, call);
  const from = (mark?.data as { next?: number } | undefined)?.next ?? 0;
  const entries = await readSomeWithRevision(client, KEPT_INDEX_STREAM, { direction: FORWARDS, fromRevision: BigInt(from), maxCount: limit * SCAN_FACTOR }, call);
  let removed = 0;
  let next = from;
  let prefixDone = true;
  for (const { data, revision } of entries) {
    if (removed >= limit) break;
    const entry = data as IndexEntry;
    if (entry.until > now) {
      prefixDone = false;
      continue;
    }
    if (await tombstone(client, keptStreamOf(entry.stream), call)) removed++;
    if (prefixDone) next = revision + 1;
  }
  if (next > from) await moveCheckpoint(client, next, mark?.revision, call);
  return removed;
};

export const append = async (client: EventStoreDBClient, stream: string, data: object, type: string, call: Call, expectedRevision: bigint | typeof ANY | typeof NO_STREAM = ANY): Promise<void> => {
  try {
    await withDeadline(client.appendToStream(stream, jsonEvent({ type, data: data as JSONType }), { expectedRevision, deadline: call.deadlineMs }),
      call.deadlineMs, `append to stream ${stream} on EventStoreDB at ${call.target}`);
  } catch (error) {
    throw translateEsdbError(error, { ...call, operation: 'append', stream });
  }
};

/** Another sweeper moved the checkpoint first: it did the same work, so its mark stands. */
const moveCheckpoint = async (client: EventStoreDBClient, next: number, seen: number | undefined, call: Call): Promise<void> => {
  try {
    await append(client, KEPT_CHECKPOINT_STREAM, { next }, 'KeptCheckpoint', call, seen === undefined ? NO_STREAM : BigInt(seen));
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'CONCURRENCY') throw error;
  }
};

/** True when this call removed the stream, false when it was already gone. */
const tombstone = async (client: EventStoreDBClient, stream: string, call: Call): Promise<boolean> => {
  try {
    await withDeadline(client.tombstoneStream(stream, { expectedRevision: ANY, deadline: call.deadlineMs }), call.deadlineMs, `delete of stream ${stream} on EventStoreDB at ${call.target}`);
    return true;
  } catch (error) {
    if ((error as { type?: unknown }).type === 'stream-deleted') return false;
    throw translateEsdbError(error, { ...call, operation: 'delete', stream });
  }
};

export type ReadOptions = { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: bigint | typeof END | typeof START; maxCount: number };

const readSome = async (client: EventStoreDBClient, stream: string, options: ReadOptions, call: Call): Promise<unknown[]> =>
  (await readSomeWithRevision(client, stream, options, call)).map((e) => e.data);

/** Reads what was asked; a missing or deleted stream holds nothing. */
export const readSomeWithRevision = async (client: EventStoreDBClient, stream: string, options: ReadOptions, call: Call): Promise<Array<{ data: unknown; revision: number }>> => {
  try {
    const found = await drainRead(client.readStream(stream, options), call.deadlineMs, `read of stream ${stream} on EventStoreDB at ${call.target}`);
    return found.map((e) => ({ data: e.data, revision: Number(e.revision) }));
  } catch (error) {
    const type = (error as { type?: unknown }).type;
    if (type === 'stream-not-found' || type === 'stream-deleted') return [];
    throw translateEsdbError(error, { ...call, operation: 'read', stream });
  }
};
