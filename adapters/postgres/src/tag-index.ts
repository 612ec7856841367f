import { checkTagPage, type TagPage, type TagPageOptions } from '@cadenza/core';
import type { PostgresRunner } from './postgres-runner';

/**
 * One page of a tag's ids by keyset: the primary key `(scope, tag, id)` serves `id > after ORDER BY id`
 * directly, so a page costs the same at any depth, and ids added meanwhile never shift a page already read.
 * One row more than asked says whether a next page exists.
 */
export const tagIds = async (db: PostgresRunner, scope: string, tag: string, options?: TagPageOptions): Promise<TagPage> => {
  const { after, limit } = checkTagPage(tag, options);
  const t = db.tables;
  const result = await db.run<{ id: string }>({
    name: `cadenza-tag-ids:${t.tag}`,
    text: `SELECT id FROM ${t.tags} WHERE scope = $1 AND tag = $2 AND ($3::text IS NULL OR id > $3::text) ORDER BY id LIMIT $4`,
    values: [scope, tag, after ?? null, limit + 1],
  });
  const ids = result.rows.slice(0, limit).map((r) => r.id);
  return result.rows.length > limit ? { ids, next: ids[ids.length - 1]! } : { ids };
};

/** Removes the stream's rows from the tag index; its history stays. */
export const untagStream = async (db: PostgresRunner, stream: string): Promise<void> => {
  const t = db.tables;
  await db.run({ name: `cadenza-untag:${t.tag}`, text: `DELETE FROM ${t.tags} WHERE stream = $1`, values: [stream] });
};
