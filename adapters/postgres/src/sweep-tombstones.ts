import { DEFAULT_SWEEP_LIMIT } from '@cadenza/core';
import type { PostgresRunner } from './postgres-runner';

/**
 * One statement: takes up to `limit` tombstones whose `keep_until` is at or before `now` (oldest first, by
 * the partial index; rows another sweeper holds are skipped), removes them and their `$tombstone` sentinels,
 * and answers how many. A swept stream reads as `no-stream` and may be written again.
 */
export const sweepTombstones = async (db: PostgresRunner, now: number, limit = DEFAULT_SWEEP_LIMIT): Promise<number> => {
  const t = db.tables;
  const result = await db.run<{ n: number }>({
    name: `cadenza-sweep:${t.tag}`,
    text: `WITH due AS (
             SELECT stream FROM ${t.tombstones} WHERE keep_until IS NOT NULL AND keep_until <= $1::bigint
             ORDER BY keep_until LIMIT $2 FOR UPDATE SKIP LOCKED
           ),
           gone AS (DELETE FROM ${t.tombstones} AS ts USING due WHERE ts.stream = due.stream RETURNING ts.stream),
           sentinels AS (DELETE FROM ${t.events} AS e USING gone WHERE e.stream = gone.stream AND e.type = '$tombstone' RETURNING 1)
           SELECT count(*)::int AS n FROM gone`,
    values: [now, limit],
  });
  return result.rows[0]?.n ?? 0;
};
