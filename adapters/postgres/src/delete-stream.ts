import type { KeptOutcome } from '@cadenza/core';
import type { PostgresRunner } from './postgres-runner';

const ATTEMPTS = 5;

/**
 * Records the tombstone (with the last revision, for audit), removes the events, and writes one sentinel
 * row of type `$tombstone` at the next revision — like EventStoreDB's tombstone event. The sentinel is what
 * makes a racing append safe: an append whose statement began before the delete committed still tries to
 * insert that revision, and `unique (stream, revision)` refuses it (the append then reports the stream
 * deleted), so no event outlives its stream's delete. If instead the append commits first, the sentinel
 * insert fails and the delete runs again on the new last revision.
 *
 * `kept` is stored on the tombstone row (`outcome`, `keep_until`) until a sweep removes both. The stream's
 * tag index rows go in the same statement.
 *
 * Deleting twice, or deleting a stream that never existed, leaves one tombstone and one sentinel; the first
 * delete's outcome stays.
 */
export const deleteStream = async (db: PostgresRunner, stream: string, kept?: KeptOutcome): Promise<void> => {
  const t = db.tables;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.run({
        name: `cadenza-delete:${t.tag}`,
        text: `WITH sentinel_id AS (SELECT md5('cadenza-tombstone:' || $1)::uuid AS id),
               last AS (SELECT max(revision) AS r FROM ${t.events} WHERE stream = $1 AND event_id <> (SELECT id FROM sentinel_id)),
               tombstone AS (
                 INSERT INTO ${t.tombstones} (stream, last_revision, outcome, keep_until) SELECT $1, r, $2::jsonb, $3::bigint FROM last
                 ON CONFLICT (stream) DO NOTHING
                 RETURNING 1
               ),
               sentinel AS (
                 INSERT INTO ${t.events} (stream, revision, event_id, type, data, metadata)
                 SELECT $1, coalesce(r, -1) + 1, (SELECT id FROM sentinel_id), '$tombstone', 'null', 'null' FROM last
                 WHERE EXISTS (SELECT 1 FROM tombstone)
               ),
               untagged AS (DELETE FROM ${t.tags} WHERE stream = $1)
               DELETE FROM ${t.events} WHERE stream = $1 AND event_id <> (SELECT id FROM sentinel_id)`,
        values: [stream, kept ? JSON.stringify(kept.outcome) : null, kept ? kept.until : null],
      });
      return;
    } catch (error) {
      // An append took the sentinel's revision first: delete again, past what it wrote.
      if ((error as { code?: unknown }).code !== '23505' || attempt >= ATTEMPTS) throw error;
    }
  }
};
