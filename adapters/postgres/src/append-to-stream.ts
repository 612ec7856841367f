import { ConcurrencyError, type ExpectedRevision, InvalidArgumentsError, type NewEvent, type Revision, StreamDeletedError, type TagIndexEntry } from '@cadenza/core';
import type { PostgresRunner } from './postgres-runner';

interface AppendRow {
  deleted: boolean;
  current: string | null;
  inserted: string;
}

/**
 * One statement, one round trip, one transaction: insert every event at `expected + 1…` only if the stream
 * is not deleted and its last revision is `expected`. Two racing appends both pass the check on their own
 * snapshots; `unique (stream, revision)` then makes the later one fail, which becomes a `ConcurrencyError`.
 * A first append with a tag `index` writes the index rows in the same statement, only if the events went in.
 */
export const appendToStream = async (
  db: PostgresRunner,
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  index?: TagIndexEntry,
): Promise<Revision> => {
  if (events.length === 0) throw new InvalidArgumentsError(`append to ${stream}`, ['events: expected at least one event']);
  const t = db.tables;
  const base = expected === 'no-stream' ? -1 : expected;
  const tagged = expected === 'no-stream' && index !== undefined && index.tags.length > 0;
  let row: AppendRow;
  try {
    const result = await db.run<AppendRow>({
      name: `cadenza-append${tagged ? '-tagged' : ''}:${t.tag}`,
      text: `WITH state AS (
               SELECT EXISTS (SELECT 1 FROM ${t.tombstones} WHERE stream = $1) AS deleted,
                      (SELECT max(revision) FROM ${t.events} WHERE stream = $1) AS current
             ), inserted AS (
               INSERT INTO ${t.events} (stream, revision, event_id, type, data, metadata)
               SELECT $1, $2::bigint + e.ord, e.id, e.type, e.data, e.metadata
               FROM state, unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[]) WITH ORDINALITY AS e(id, type, data, metadata, ord)
               WHERE NOT state.deleted AND state.current IS NOT DISTINCT FROM $7::bigint
               RETURNING 1
             )${tagged ? `, tagged AS (
               INSERT INTO ${t.tags} (scope, tag, id, stream)
               SELECT DISTINCT $8::text, g.tag, $9::text, $1 FROM unnest($10::text[]) AS g(tag) WHERE EXISTS (SELECT 1 FROM inserted)
               ON CONFLICT DO NOTHING
             )` : ''}
             SELECT state.deleted, state.current, (SELECT count(*) FROM inserted) AS inserted FROM state`,
      values: [
        stream,
        base,
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map((e) => json(e.data)),
        events.map((e) => json(e.metadata)),
        expected === 'no-stream' ? null : expected,
        ...(tagged ? [index.scope, index.id, index.tags] : []),
      ],
    });
    row = result.rows[0]!;
  } catch (error) {
    throw await explainFailure(db, stream, events, expected, error);
  }
  if (Number(row.inserted) === events.length) return base + events.length;
  if (row.deleted) throw new StreamDeletedError(stream);
  throw new ConcurrencyError(stream, expected, row.current === null ? 'no-stream' : Number(row.current));
};

// JSON text for a jsonb parameter; `undefined` (not JSON) is stored as null.
const json = (value: unknown): string => JSON.stringify(value) ?? 'null';

const explainFailure = async (
  db: PostgresRunner,
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  error: unknown,
): Promise<unknown> => {
  const code = (error as { code?: unknown }).code;
  if (code === '22P05' || code === '22P02') {
    // jsonb refuses \u0000 in strings, and a malformed id is not a uuid: the events themselves are at fault.
    return new InvalidArgumentsError(`append to ${stream}`, [(error as Error).message]);
  }
  if (code !== '23505') return error;
  const t = db.tables;
  const state = await db.run<{ deleted: boolean; current: string | null }>({
    name: `cadenza-state:${t.tag}`,
    text: `SELECT EXISTS (SELECT 1 FROM ${t.tombstones} WHERE stream = $1) AS deleted,
                  (SELECT max(revision) FROM ${t.events} WHERE stream = $1) AS current`,
    values: [stream],
  });
  const { deleted, current } = state.rows[0]!;
  if (deleted) return new StreamDeletedError(stream, { cause: error });
  const actual = current === null ? 'no-stream' : Number(current);
  if (actual !== expected) return new ConcurrencyError(stream, expected, actual, { cause: error });
  return new InvalidArgumentsError(`append to ${stream}`, [
    `an event id is already stored (${(error as Error).message}); ids given: ${events.map((e) => e.id).join(', ')}`,
  ]);
};
