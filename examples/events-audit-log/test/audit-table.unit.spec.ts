import { expect } from 'chai';
import { createAuditTableSql, ensureAuditTable } from '../src/audit-table';
import { RecordingDatabase } from './support/recording-database';

describe('audit table', () => {
  it('is created if missing, keyed by event id', async () => {
    const database = new RecordingDatabase();
    await ensureAuditTable(database, 'audit_events');
    expect(database.queries.map((q) => q.text)).to.deep.equal([createAuditTableSql('audit_events')]);
    expect(database.queries[0]!.text).to.match(/^CREATE TABLE IF NOT EXISTS audit_events \(\s*id text PRIMARY KEY,/);
    expect(database.releases).to.deep.equal([undefined]);
  });

  it('discards the connection and rejects when the statement fails', async () => {
    const database = new RecordingDatabase();
    database.failOn = /^CREATE/;
    let thrown: unknown;
    await ensureAuditTable(database, 'audit_events').catch((error: unknown) => { thrown = error; });
    expect(thrown).to.be.instanceOf(Error);
    expect(database.releases).to.deep.equal([thrown]);
  });
});
