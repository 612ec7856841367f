import type { Pool } from 'pg';
import type { PostgresTables } from './postgres-tables';

/**
 * Schema changes in order; each runs once per schema and prefix, recorded in `<prefix>migrations`.
 * Never edit a shipped step: add the next one.
 */
const steps = (t: PostgresTables): string[] => [
  `CREATE TABLE ${t.events} (
     position    bigserial   PRIMARY KEY,
     stream      text        NOT NULL,
     revision    bigint      NOT NULL CHECK (revision >= 0),
     event_id    uuid        NOT NULL UNIQUE,
     type        text        NOT NULL,
     data        jsonb       NOT NULL,
     metadata    jsonb       NOT NULL,
     recorded_at timestamptz NOT NULL DEFAULT now(),
     UNIQUE (stream, revision)
   );
   CREATE TABLE ${t.tombstones} (
     stream        text        PRIMARY KEY,
     last_revision bigint,
     deleted_at    timestamptz NOT NULL DEFAULT now()
   );`,
  // An ended workflow's outcome is kept beside its tombstone until keep_until (ms since the epoch), then swept.
  `ALTER TABLE ${t.tombstones} ADD COLUMN outcome jsonb, ADD COLUMN keep_until bigint;
   CREATE INDEX ON ${t.tombstones} (keep_until) WHERE keep_until IS NOT NULL;`,
  // The tag index. Ids compare bytewise ("C"), so keyset pages follow the primary key whatever the database's collation.
  `CREATE TABLE ${t.tags} (
     scope  text             NOT NULL,
     tag    text             NOT NULL,
     id     text COLLATE "C" NOT NULL,
     stream text             NOT NULL,
     PRIMARY KEY (scope, tag, id)
   );
   CREATE INDEX ON ${t.tags} (stream);`,
];

/**
 * Creates or upgrades the tables. Stores starting together serialize on an advisory lock keyed by the
 * schema and prefix, so concurrent `CREATE TABLE`s never collide.
 */
export const migrate = async (pool: Pool, t: PostgresTables): Promise<void> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`cadenza-migrate:${t.tag}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${t.schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${t.migrations} (step integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = await client.query<{ step: number }>(`SELECT step FROM ${t.migrations}`);
    const done = new Set(applied.rows.map((r) => r.step));
    const all = steps(t);
    for (let step = 0; step < all.length; step++) {
      if (done.has(step)) continue;
      await client.query(all[step]!);
      await client.query(`INSERT INTO ${t.migrations} (step) VALUES ($1)`, [step]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};
