import { CorruptHistoryError, type ReadResult, type StoredEvent } from '@cadenza/core';
import type { PostgresRunner } from './postgres-runner';

type Row = [revision: string, id: string | null, type: string | null, data: string | null, metadata: string | null];

/**
 * One round trip: the stream's events in order, plus a row at revision -1 (with the kept outcome) when a tombstone exists.
 * Data and metadata come as text so a row that is not JSON is reported by stream and revision.
 */
export const readStream = async (db: PostgresRunner, stream: string): Promise<ReadResult> => {
  const t = db.tables;
  const result = await db.run<Row>({
    name: `cadenza-read:${t.tag}`,
    text: `SELECT revision, event_id, type, data::text, metadata::text FROM ${t.events} WHERE stream = $1
           UNION ALL SELECT -1, NULL, NULL, outcome::text, NULL FROM ${t.tombstones} WHERE stream = $1
           ORDER BY 1`,
    values: [stream],
    rowMode: 'array',
  });
  const rows = result.rows as unknown as Row[];
  if (rows.length === 0) return { events: [], revision: 'no-stream' };
  if (rows[0]![0] === '-1') {
    const outcome = rows[0]![3];
    return outcome === null ? { events: [], revision: 'deleted' } : { events: [], revision: 'deleted', outcome: parseJson(stream, -1, 'kept outcome', outcome) };
  }
  // A stream `truncateBefore` trimmed starts past revision 0; from its first event on, revisions have no gap.
  const first = Number(rows[0]![0]);
  const events = rows.map((row, index) => toEvent(stream, row, first + index));
  return { events, revision: events[events.length - 1]!.revision };
};

const toEvent = (stream: string, [revisionText, id, type, data, metadata]: Row, expected: number): StoredEvent => {
  const revision = Number(revisionText);
  if (revision !== expected) throw new CorruptHistoryError(stream, revision, `expected revision ${expected} (a gap in the stream)`);
  if (id === null || type === null) throw new CorruptHistoryError(stream, revision, 'event id or type is missing');
  return { id, type, revision, data: parseJson(stream, revision, 'data', data), metadata: parseJson(stream, revision, 'metadata', metadata) };
};

const parseJson = (stream: string, revision: number, field: string, text: string | null): unknown => {
  if (text === null) throw new CorruptHistoryError(stream, revision, `${field} is NULL`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CorruptHistoryError(stream, revision, `${field} is not JSON (${(error as Error).message})`);
  }
};
