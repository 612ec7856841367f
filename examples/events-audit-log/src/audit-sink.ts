import type { CadenzaCloudEvent } from '@cadenza/core';
import type { AuditDatabase } from './audit-database.port';
import { auditRowOf } from './audit-row';
import { auditTableName } from './audit-table';

/** Writes batches of events to the audit table. */
export interface AuditSink {
  /**
   * Writes a batch in one transaction and resolves with the number of rows it added. An event whose id
   * is already in the table adds nothing, so a redelivered batch (after a crash, before the listener
   * acknowledged it) resolves with 0. Rejects, having written nothing, when the database fails: the
   * listener then retries the batch and does not acknowledge it.
   */
  write(events: readonly CadenzaCloudEvent[]): Promise<number>;
}

/** An audit sink on `database` writing to `table` (created beforehand by `ensureAuditTable`). */
export const createAuditSink = (database: AuditDatabase, options: { table: string }): AuditSink => {
  const table = auditTableName(options.table);
  // One statement for any batch size: the rows travel as arrays, one per column, and unnest pairs them.
  const insert = `INSERT INTO ${table} (id, type, source, subject, workflow_id, time, event)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::jsonb[])
    ON CONFLICT (id) DO NOTHING`;
  return {
    write: async (events) => {
      if (events.length === 0) return 0;
      const rows = [...new Map(events.map((e) => [e.id, auditRowOf(e)])).values()];
      const connection = await database.connect();
      try {
        await connection.query('BEGIN');
        const result = await connection.query(insert, [
          rows.map((r) => r.id), rows.map((r) => r.type), rows.map((r) => r.source), rows.map((r) => r.subject),
          rows.map((r) => r.workflowId), rows.map((r) => r.time), rows.map((r) => r.event),
        ]);
        await connection.query('COMMIT');
        connection.release();
        return result.rowCount ?? 0;
      } catch (error) {
        // The connection is discarded below, which ends the transaction anyway: a failing ROLLBACK must not
        // hide the error that caused it.
        await connection.query('ROLLBACK').catch(() => undefined);
        connection.release(error instanceof Error ? error : true);
        throw error;
      }
    },
  };
};
