import type { Revision } from '@cadenza/core';
import type { PostgresRunner } from './postgres-runner';

/**
 * Removes the events of `stream` before `revision` (the port's `truncateBefore`). Revisions do not change:
 * appends still compare with the last one, and a read answers from the first one kept. It never removes the
 * last event (nor a tombstone's sentinel), so a stream never reads as absent because of it.
 */
export const truncateStream = async (db: PostgresRunner, stream: string, revision: Revision): Promise<void> => {
  const t = db.tables;
  await db.run({
    name: `cadenza-truncate:${t.tag}`,
    text: `DELETE FROM ${t.events} WHERE stream = $1 AND revision < $2
             AND revision < (SELECT max(revision) FROM ${t.events} WHERE stream = $1)
             AND NOT EXISTS (SELECT 1 FROM ${t.tombstones} WHERE stream = $1)`,
    values: [stream, revision],
  });
};
