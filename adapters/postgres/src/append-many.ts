import { type AppendOutcome, type AppendRequest, type CadenzaError, ConcurrencyError, hasErrorCode, StreamDeletedError } from '@cadenza/core';
import { appendToStream } from './append-to-stream';
import type { PostgresRunner } from './postgres-runner';

export type { AppendOutcome, AppendRequest };

interface Row {
  stream: string;
  deleted: boolean;
  current: string | null;
  inserted: string;
}

/**
 * Appends to many streams in one statement and one transaction (one commit flush for the lot), each append
 * checked on its own as `append` checks it: one stale or deleted stream fails only its own entry.
 *
 * When the statement cannot decide per entry — a racing writer took a revision (unique violation aborts
 * the whole statement), or one stream appears twice in the batch — the entries are applied one by one
 * with `append`, so the outcomes are always those of single appends. First appends with a tag `index`
 * write their index rows in the same statement, for the entries whose events went in.
 */
export const appendMany = async (db: PostgresRunner, batch: readonly AppendRequest[]): Promise<AppendOutcome[]> => {
  if (batch.length === 0) return [];
  const streams = new Set(batch.map((r) => r.stream));
  if (streams.size !== batch.length || batch.some((r) => r.events.length === 0)) return oneByOne(db, batch);
  const t = db.tables;
  const events = batch.flatMap((r) => r.events.map((e, i) => ({ stream: r.stream, ord: i + 1, e })));
  const tags = batch.flatMap((r) => (r.expected === 'no-stream' && r.index ? r.index.tags.map((tag) => ({ stream: r.stream, index: r.index!, tag })) : []));
  let rows: Row[];
  try {
    const result = await db.run<Row>({
      name: `cadenza-append-many${tags.length > 0 ? '-tagged' : ''}:${t.tag}`,
      text: `WITH input AS (
               SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS i(stream, base, expected)
             ), state AS (
               SELECT i.stream, i.base, i.expected,
                      EXISTS (SELECT 1 FROM ${t.tombstones} x WHERE x.stream = i.stream) AS deleted,
                      (SELECT max(revision) FROM ${t.events} x WHERE x.stream = i.stream) AS current
               FROM input i
             ), inserted AS (
               INSERT INTO ${t.events} (stream, revision, event_id, type, data, metadata)
               SELECT e.stream, s.base + e.ord, e.id, e.type, e.data, e.metadata
               FROM unnest($4::text[], $5::bigint[], $6::uuid[], $7::text[], $8::jsonb[], $9::jsonb[]) AS e(stream, ord, id, type, data, metadata)
               JOIN state s ON s.stream = e.stream
               WHERE NOT s.deleted AND s.current IS NOT DISTINCT FROM s.expected
               RETURNING stream
             )${tags.length > 0 ? `, tagged AS (
               INSERT INTO ${t.tags} (scope, tag, id, stream)
               SELECT DISTINCT g.scope, g.tag, g.id, g.stream FROM unnest($10::text[], $11::text[], $12::text[], $13::text[]) AS g(stream, scope, id, tag)
               WHERE g.stream IN (SELECT stream FROM inserted)
               ON CONFLICT DO NOTHING
             )` : ''}
             SELECT s.stream, s.deleted, s.current, (SELECT count(*) FROM inserted x WHERE x.stream = s.stream) AS inserted FROM state s`,
      values: [
        batch.map((r) => r.stream),
        batch.map((r) => (r.expected === 'no-stream' ? -1 : r.expected)),
        batch.map((r) => (r.expected === 'no-stream' ? null : r.expected)),
        events.map((x) => x.stream),
        events.map((x) => x.ord),
        events.map((x) => x.e.id),
        events.map((x) => x.e.type),
        events.map((x) => JSON.stringify(x.e.data) ?? 'null'),
        events.map((x) => JSON.stringify(x.e.metadata) ?? 'null'),
        ...(tags.length > 0 ? [tags.map((x) => x.stream), tags.map((x) => x.index.scope), tags.map((x) => x.index.id), tags.map((x) => x.tag)] : []),
      ],
    });
    rows = result.rows;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // A race or a bad event in one entry aborts the statement: decide entry by entry instead.
    if (code === '23505' || code === '22P05' || code === '22P02') return oneByOne(db, batch);
    throw error;
  }
  const byStream = new Map(rows.map((r) => [r.stream, r]));
  return batch.map((r): AppendOutcome => {
    const row = byStream.get(r.stream)!;
    const base = r.expected === 'no-stream' ? -1 : r.expected;
    if (Number(row.inserted) === r.events.length) return { ok: true, revision: base + r.events.length };
    if (row.deleted) return { ok: false, error: new StreamDeletedError(r.stream) };
    return { ok: false, error: new ConcurrencyError(r.stream, r.expected, row.current === null ? 'no-stream' : Number(row.current)) };
  });
};

const oneByOne = async (db: PostgresRunner, batch: readonly AppendRequest[]): Promise<AppendOutcome[]> => {
  const outcomes: AppendOutcome[] = [];
  for (const r of batch) {
    try {
      outcomes.push({ ok: true, revision: await appendToStream(db, r.stream, r.events, r.expected, r.index) });
    } catch (error) {
      if (!isOutcomeError(error)) throw error;
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
};

// Errors that belong to one entry; anything else (database down, a bug) fails the whole call.
const isOutcomeError = (error: unknown): error is CadenzaError =>
  hasErrorCode(error, 'CONCURRENCY') || hasErrorCode(error, 'STREAM_DELETED') || hasErrorCode(error, 'INVALID_ARGUMENTS');
