import type { PostgresTableOptions } from './postgres-history-store.options';

/** Quoted, schema-qualified names of the store's tables, and a tag that keeps prepared-statement names apart. */
export interface PostgresTables {
  readonly schema: string;
  readonly events: string;
  readonly tombstones: string;
  /** The tag index: `(scope, tag, id)` per tagged stream, written with its first append, removed with its delete. */
  readonly tags: string;
  readonly migrations: string;
  readonly tag: string;
}

/** Names come from checked options only (see `checkTableOptions`), so quoting them is enough. */
export const postgresTables = ({ schema, tablePrefix }: Required<PostgresTableOptions>): PostgresTables => ({
  schema: `"${schema}"`,
  events: `"${schema}"."${tablePrefix}events"`,
  tombstones: `"${schema}"."${tablePrefix}tombstones"`,
  tags: `"${schema}"."${tablePrefix}tags"`,
  migrations: `"${schema}"."${tablePrefix}migrations"`,
  tag: `${schema}.${tablePrefix}`,
});
