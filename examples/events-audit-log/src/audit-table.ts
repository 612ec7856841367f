import { ConfigError } from '@cadenza/core';
import type { AuditDatabase } from './audit-database.port';

// A table name goes into SQL text (identifiers cannot be bound), so only plain lowercase identifiers,
// optionally schema-qualified, are accepted: nothing a caller passes can change the statement.
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}(\.[a-z_][a-z0-9_]{0,62})?$/;

/** Checks an audit table name; throws a {@link ConfigError} naming `at` for anything but `[schema.]name`. */
export const auditTableName = (name: unknown, at = 'table'): string => {
  if (typeof name === 'string' && IDENTIFIER.test(name)) return name;
  throw new ConfigError(at, 'a lowercase SQL identifier, optionally schema-qualified ([a-z_][a-z0-9_]*)', name);
};

/**
 * The audit table: one row per CloudEvent id. `id` is the primary key because Cadenza event ids are
 * deterministic and unique across workflows (they contain the workflow id), so a redelivered event
 * conflicts with the row it already wrote. `event` keeps the whole CloudEvent as JSON.
 */
export const createAuditTableSql = (table: string): string => `CREATE TABLE IF NOT EXISTS ${auditTableName(table)} (
  id text PRIMARY KEY,
  type text NOT NULL,
  source text NOT NULL,
  subject text,
  workflow_id text,
  time timestamptz,
  event jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
)`;

/** Creates the audit table if it does not exist yet. */
export const ensureAuditTable = async (database: AuditDatabase, table: string): Promise<void> => {
  const connection = await database.connect();
  try {
    await connection.query(createAuditTableSql(table));
    connection.release();
  } catch (error) {
    connection.release(error instanceof Error ? error : true);
    throw error;
  }
};
