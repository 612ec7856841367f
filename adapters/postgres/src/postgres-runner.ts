import { ClosedError } from '@cadenza/core';
import type { Pool, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { migrate } from './migrate';
import type { PostgresTables } from './postgres-tables';
import { type PostgresTarget, translatePgError } from './translate-pg-error';

/** Runs the store's statements: the schema is ensured first, and connection failures come out as Cadenza errors. */
export interface PostgresRunner {
  readonly tables: PostgresTables;
  run<R extends QueryResultRow>(query: QueryConfig & { rowMode?: 'array' }): Promise<QueryResult<R>>;
  /** Creates or upgrades the tables now instead of on the first call; safe to call again. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** A runner over `pool`; `onClose` releases what the store owns (its own pool, or nothing). */
export const createPostgresRunner = (
  pool: Pool,
  tables: PostgresTables,
  target: PostgresTarget,
  onClose: () => Promise<void>,
): PostgresRunner => {
  let migrated: Promise<void> | undefined;
  let closed = false;
  const ready = (): Promise<void> => {
    if (closed) return Promise.reject(new ClosedError('PostgreSQL history store'));
    migrated ??= migrate(pool, tables).catch((error: unknown) => {
      migrated = undefined; // the next call tries again: the database may be back
      throw translatePgError(error, target);
    });
    return migrated;
  };
  return {
    tables,
    ready,
    async run<R extends QueryResultRow>(query: QueryConfig & { rowMode?: 'array' }): Promise<QueryResult<R>> {
      await ready();
      try {
        return await pool.query<R>(query);
      } catch (error) {
        throw translatePgError(error, target);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await onClose();
    },
  };
};
