import type { AppendOptions, ExpectedRevision, HistoryStore, HistoryStoreCapabilities, KeptOutcome, NewEvent, TagPageOptions } from '@cadenza/core';
import { Pool, type PoolConfig } from 'pg';
import { type AppendOutcome, type AppendRequest, appendMany } from './append-many';
import { appendToStream } from './append-to-stream';
import { deleteStream } from './delete-stream';
import { checkTableOptions, type PostgresHistoryConfig, type PostgresTableOptions, redact, resolvePostgresOptions } from './postgres-history-store.options';
import { createPostgresRunner, type PostgresRunner } from './postgres-runner';
import { postgresTables } from './postgres-tables';
import { toPgSsl } from './postgres-tls';
import { readStream } from './read-stream';
import { sweepTombstones } from './sweep-tombstones';
import { tagIds, untagStream } from './tag-index';
import { truncateStream } from './truncate-stream';

/** PostgreSQL keeps histories across restarts, and a tag index beside them (the `<prefix>tags` table). */
export const postgresCapabilities: HistoryStoreCapabilities = { durable: true, tags: true };

/** A history store on PostgreSQL; `ready()` creates or upgrades its tables now rather than on first use. */
export interface PostgresHistoryStore extends HistoryStore {
  ready(): Promise<void>;
  /**
   * Appends to many streams in one transaction (one commit for all), each entry checked and answered as
   * `append` would answer it alone. An extra of this adapter, not part of the port: the engine may use it
   * to batch appends of different workflows.
   */
  appendMany(batch: readonly AppendRequest[]): Promise<AppendOutcome[]>;
}

/** Options of a store over a pool the caller built. */
export interface PostgresStoreOptions extends PostgresTableOptions {
  /**
   * Config path named in `ConfigError`s.
   * @default 'history'
   */
  readonly at?: string;
}

/**
 * A PostgreSQL history store (E1). Given a `pg.Pool`, the store shares it and `close()` leaves it open for
 * its owner; given options (`{ type: 'postgres', connectionString, … }`, validated like config), the store
 * opens its own pool and `close()` ends it. Tables are created or upgraded on first use (or `ready()`).
 */
export function createPostgresHistoryStore(pool: Pool, options?: PostgresStoreOptions): PostgresHistoryStore;
export function createPostgresHistoryStore(options: PostgresHistoryConfig): PostgresHistoryStore;
export function createPostgresHistoryStore(source: Pool | PostgresHistoryConfig, options: PostgresStoreOptions = {}): PostgresHistoryStore {
  return isPool(source) ? overPool(source, options) : ownPool(source);
}

const isPool = (source: unknown): source is Pool =>
  typeof (source as Pool).connect === 'function' && typeof (source as Pool).query === 'function';

const overPool = (pool: Pool, options: PostgresStoreOptions): PostgresHistoryStore => {
  const at = options.at ?? 'history';
  const config = (pool as unknown as { options?: PoolConfig }).options ?? {};
  const runner = createPostgresRunner(
    pool,
    postgresTables(checkTableOptions(options, at)),
    { address: describeTarget(config), connectTimeoutMs: config.connectionTimeoutMillis ?? 0, queryTimeoutMs: config.statement_timeout || config.query_timeout || 0, at },
    async () => undefined, // the caller owns the pool
  );
  return storeOn(runner);
};

const ownPool = (raw: PostgresHistoryConfig): PostgresHistoryStore => {
  const o = resolvePostgresOptions(raw);
  const pool = new Pool({
    connectionString: o.connectionString,
    max: o.poolSize,
    connectionTimeoutMillis: o.connectTimeoutMs,
    statement_timeout: o.queryTimeoutMs,
    query_timeout: o.queryTimeoutMs + 1_000,
    ...(o.ssl ? { ssl: toPgSsl(o.ssl) } : {}),
  });
  // An idle connection that breaks is reported by the next query; without a listener it would crash the process.
  pool.on('error', () => undefined);
  const runner = createPostgresRunner(
    pool,
    postgresTables(o),
    { address: describeTarget({ connectionString: redact(o.connectionString) }), connectTimeoutMs: o.connectTimeoutMs, queryTimeoutMs: o.queryTimeoutMs, at: 'history' },
    () => pool.end(),
  );
  return storeOn(runner);
};

const storeOn = (db: PostgresRunner): PostgresHistoryStore => ({
  capabilities: postgresCapabilities,
  ready: () => db.ready(),
  read: (stream: string) => readStream(db, stream),
  append: (stream: string, events: readonly NewEvent[], expected: ExpectedRevision, options?: AppendOptions) => appendToStream(db, stream, events, expected, options?.index),
  delete: (stream: string, kept?: KeptOutcome) => deleteStream(db, stream, kept),
  truncateBefore: (stream: string, revision: number) => truncateStream(db, stream, revision),
  sweep: (now: number, limit?: number) => sweepTombstones(db, now, limit),
  appendMany: (batch: readonly AppendRequest[]) => appendMany(db, batch),
  tagIds: (scope: string, tag: string, options?: TagPageOptions) => tagIds(db, scope, tag, options),
  untag: (stream: string) => untagStream(db, stream),
  close: () => db.close(),
});

/** `host:port/database`, from a connection string or discrete settings; never the password. */
const describeTarget = (config: PoolConfig): string => {
  if (config.connectionString) {
    try {
      const url = new URL(config.connectionString);
      return `${url.hostname || 'localhost'}:${url.port || 5432}${url.pathname}`;
    } catch {
      return redact(config.connectionString);
    }
  }
  return `${config.host ?? process.env.PGHOST ?? 'localhost'}:${config.port ?? process.env.PGPORT ?? 5432}/${config.database ?? process.env.PGDATABASE ?? ''}`;
};
