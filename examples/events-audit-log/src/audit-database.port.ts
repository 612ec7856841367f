/**
 * What the audit log needs from PostgreSQL: a connection from a pool, queried in a transaction and given
 * back. A `pg.Pool` fits as it is; tests pass a recording double.
 */
export interface AuditDatabase {
  connect(): Promise<AuditConnection>;
}

/** One pooled connection. `release(error)` tells the pool to discard a connection that failed. */
export interface AuditConnection {
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
  release(error?: Error | boolean): void;
}
