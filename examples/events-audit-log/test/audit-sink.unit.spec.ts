import { expect } from 'chai';
import { createAuditSink } from '../src/audit-sink';
import { cadenzaEvent } from './support/cloud-events';
import { RecordingDatabase } from './support/recording-database';

describe('audit sink', () => {
  it('writes a batch in one transaction with one insert that skips ids already stored', async () => {
    const database = new RecordingDatabase();
    database.rowCount = 2;
    const added = await createAuditSink(database, { table: 'audit_events' }).write([cadenzaEvent('e1'), cadenzaEvent('e2')]);
    expect(added).to.equal(2);
    expect(database.statements()).to.deep.equal(['BEGIN', 'INSERT', 'COMMIT']);
    expect(database.queries[1]!.text).to.match(/INSERT INTO audit_events .* ON CONFLICT \(id\) DO NOTHING/s);
    expect(database.releases).to.deep.equal([undefined]);
  });

  it('sends each event as a row: its attributes as columns and the whole event as JSON', async () => {
    const database = new RecordingDatabase();
    const event = cadenzaEvent('e1', 'io.cadenza.task.completed', 'wire-7');
    await createAuditSink(database, { table: 'audit_events' }).write([event]);
    const [ids, types, sources, subjects, workflowIds, times, bodies] = database.queries[1]!.values as unknown[][];
    expect({ ids, types, sources, subjects, workflowIds, times }).to.deep.equal({
      ids: ['e1'], types: ['io.cadenza.task.completed'], sources: ['/cadenza/test/workflows/BankWorkflow'],
      subjects: ['wire-7'], workflowIds: ['wire-7'], times: ['2026-12-01T15:00:00.000Z'],
    });
    expect(JSON.parse(bodies![0] as string)).to.deep.include({ id: 'e1', specversion: '1.0', data: { workflowName: 'BankWorkflow', workflowId: 'wire-7', method: 'wire' } });
  });

  it('sends an id that appears twice in one batch once', async () => {
    const database = new RecordingDatabase();
    await createAuditSink(database, { table: 'audit_events' }).write([cadenzaEvent('e1'), cadenzaEvent('e2'), cadenzaEvent('e1')]);
    expect((database.queries[1]!.values as unknown[][])[0]).to.deep.equal(['e1', 'e2']);
  });

  it('touches no connection for an empty batch', async () => {
    const database = new RecordingDatabase();
    expect(await createAuditSink(database, { table: 'audit_events' }).write([])).to.equal(0);
    expect(database.queries).to.deep.equal([]);
  });

  it('rolls back, discards the connection and rejects when the insert fails, so the batch is not acknowledged', async () => {
    const database = new RecordingDatabase();
    database.failOn = /^INSERT/;
    const sink = createAuditSink(database, { table: 'audit_events' });
    let thrown: unknown;
    await sink.write([cadenzaEvent('e1')]).catch((error: unknown) => { thrown = error; });
    expect(thrown).to.be.instanceOf(Error).with.property('message').that.matches(/refused: INSERT/);
    expect(database.statements()).to.deep.equal(['BEGIN', 'INSERT', 'ROLLBACK']);
    expect(database.releases[0]).to.equal(thrown);
  });

  it('refuses a table name that is not a plain SQL identifier, naming the option', () => {
    const database = new RecordingDatabase();
    for (const table of ['audit; DROP TABLE x', 'Audit', '1audit', '', 'a.b.c']) {
      expect(() => createAuditSink(database, { table }), table).to.throw(/invalid config at table: expected a lowercase SQL identifier/);
    }
    expect(() => createAuditSink(database, { table: 'audit.events_1' })).not.to.throw();
  });
});
