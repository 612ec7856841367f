import type { CadenzaCloudEvent } from '@cadenza/core';

/** The columns the audit table stores for one CloudEvent (see `createAuditTableSql`). */
export interface AuditRow {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject: string | null;
  readonly workflowId: string | null;
  readonly time: string | null;
  readonly event: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** One event as a row: its attributes as columns, the whole event as JSON. */
export const auditRowOf = (event: CadenzaCloudEvent): AuditRow => ({
  id: event.id,
  type: event.type,
  source: event.source,
  subject: text(event.subject),
  workflowId: text(event['cadenzaworkflowid']),
  time: text(event.time),
  event: JSON.stringify(event),
});
