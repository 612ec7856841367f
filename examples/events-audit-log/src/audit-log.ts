import type { Logger, Transport } from '@cadenza/core';
import { createEventListener, type EventListener, type ListenerStart } from '@cadenza/events';
import type { AuditDatabase } from './audit-database.port';
import { createAuditSink } from './audit-sink';
import { ensureAuditTable } from './audit-table';

/** Options of {@link startAuditLog}. */
export interface AuditLogOptions {
  /** Where the rows go: a `pg.Pool`, for instance. The audit log does not close it. */
  readonly database: AuditDatabase;
  /** The audit table, created if missing; `[schema.]name`, lowercase. */
  readonly table: string;
  /** The listener's consumer group: a restarted audit log with the same group resumes where it stopped.
   *  @default 'audit-log' */
  readonly group?: string;
  /** Where a new group starts reading.
   *  @default 'earliest' */
  readonly start?: ListenerStart;
  /** Called after each batch is committed, with the rows it added (0 for a redelivered batch). */
  readonly onCommitted?: (added: number, batchSize: number) => void;
  readonly transport?: Transport;
  readonly logger?: Logger;
}

/**
 * Writes every event of the namespace `config` names to `table`, exactly once per event id: each batch the
 * listener hands over is inserted in one transaction, skipping ids already stored, and acknowledged only
 * after the commit. A crash between commit and acknowledgement redelivers the batch, which then adds
 * nothing; a crash before the commit leaves nothing behind, and the redelivery writes the batch.
 */
export const startAuditLog = async (config: unknown, options: AuditLogOptions): Promise<EventListener> => {
  const sink = createAuditSink(options.database, { table: options.table });
  await ensureAuditTable(options.database, options.table);
  return createEventListener(config, {
    group: options.group ?? 'audit-log',
    start: options.start ?? 'earliest',
    onBatch: async (events) => {
      const added = await sink.write(events);
      options.onCommitted?.(added, events.length);
    },
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
};
