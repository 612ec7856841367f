import type { PostgresRunner } from './postgres-runner';

/**
 * Records the tombstone (keeping the last revision, for audit) and removes the events, in one statement.
 * Deleting twice, or deleting a stream that never existed, leaves one tombstone.
 */
export const deleteStream = async (db: PostgresRunner, stream: string): Promise<void> => {
  const t = db.tables;
  await db.run({
    name: `cadenza-delete:${t.tag}`,
    text: `WITH tombstone AS (
             INSERT INTO ${t.tombstones} (stream, last_revision)
             VALUES ($1, (SELECT max(revision) FROM ${t.events} WHERE stream = $1))
             ON CONFLICT (stream) DO NOTHING
           )
           DELETE FROM ${t.events} WHERE stream = $1`,
    values: [stream],
  });
};
