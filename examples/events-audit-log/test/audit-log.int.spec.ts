import type { CadenzaCloudEvent, CadenzaConfig } from '@cadenza/core';
import { eventually, freshName, recordingLogger } from '@cadenza/conformance';
import { createEventListener, type EventListener } from '@cadenza/events';
import { BankWorkflow, startBank, type Bank } from '@cadenza/example-bank-transfer';
import { expect } from 'chai';
import { Pool } from 'pg';
import { createAuditSink, startAuditLog } from '../src';

const connectionString = process.env.CADENZA_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WAVE = 20;

describe('audit log of the bank transfer (in-memory transport, PostgreSQL 127.0.0.1:5432)', function () {
  this.timeout(60_000);
  const namespace = freshName('audit');
  const table = freshName('audit_it').replace(/-/g, '_');
  // Events are off by default: the workers must publish them for any listener to see them.
  const config: CadenzaConfig = {
    transport: { type: 'in-memory' }, history: { type: 'in-memory' }, namespace, logLevel: 'error', events: { publish: true },
  };
  const pool = new Pool({ connectionString });
  const listeners: EventListener[] = [];
  let bank: Bank;

  before(async () => {
    bank = await startBank(config, ['alice', 'bob', 'carol', 'dave']);
  });

  after(async () => {
    await Promise.all(listeners.map((l) => l.stop()));
    await bank?.stop();
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
  });

  const rows = async () => (await pool.query<{ id: string; type: string; workflow_id: string }>(`SELECT id, type, workflow_id FROM ${table}`)).rows;

  it('stores every event once, across a failed write, a batch delivered again after its commit, and a restart mid-stream', async () => {
    // A second group sees the same stream: what the audit table must hold, event by event.
    const expected = new Map<string, CadenzaCloudEvent>();
    listeners.push(await createEventListener(config, { group: 'reference', onBatch: (events) => { for (const e of events) expected.set(e.id, e); } }));

    // The first batch is committed, then the handler throws before the listener could acknowledge it, as a
    // crash between commit and acknowledgement would: the listener hands the same batch over again.
    const committed: { added: number; batchSize: number }[] = [];
    const log = recordingLogger();
    // And before that, the first write finds the database gone: nothing is written, the listener tries again.
    let connects = 0;
    const goneOnce = { connect: () => (++connects === 2 ? Promise.reject(new Error('database gone')) : pool.connect()) };
    const first = await startAuditLog(config, {
      database: goneOnce, table,
      onCommitted: (added, batchSize) => {
        committed.push({ added, batchSize });
        if (committed.length === 1) throw new Error('crash between commit and acknowledgement');
      },
      logger: log,
    });
    const wires: string[] = [];
    const wave = (name: string) => Promise.all(Array.from({ length: WAVE }, (_, i) => {
      const id = `wire-${namespace}-${name}-${i}`;
      wires.push(id);
      return bank.client.newWorkflow(BankWorkflow, { id }).wire(id, 'alice', 'bob', 1 + i);
    }));
    const firstWave = wave('a');

    await eventually(() => expect(committed.length).to.be.at.least(2), { timeoutMs: 20_000 });
    expect(committed[1]).to.deep.equal({ added: 0, batchSize: committed[0]!.batchSize });
    expect(committed[0]!.added).to.equal(committed[0]!.batchSize);
    expect(log.lines.filter((l) => l.message === 'event handler threw; retrying').map((l) => (l.fields['error'] as { message: string }).message))
      .to.satisfy((errors: string[]) => errors.some((e) => e.includes('database gone')) && errors.some((e) => e.includes('crash between commit')));
    await first.stop();
    await firstWave;
    await wave('b'); // while no audit log runs: the restarted one must resume from its group's position
    const restarted = await startAuditLog(config, { database: pool, table, logger: recordingLogger() });
    listeners.push(restarted);
    await wave('c');

    await eventually(async () => {
      const completed = [...expected.values()].filter((e) => e.type === 'io.cadenza.workflow.completed').length;
      expect(completed).to.equal(3 * WAVE);
      expect((await rows()).length).to.equal(expected.size);
    }, { timeoutMs: 30_000 });
    const stored = await rows();
    expect(new Set(stored.map((r) => r.id)).size, 'row count = distinct event ids').to.equal(stored.length);
    expect(stored.map((r) => r.id).sort()).to.deep.equal([...expected.keys()].sort());
    for (const wire of wires) {
      const types = stored.filter((r) => r.workflow_id === wire).map((r) => r.type);
      expect(types, wire).to.include.members(['io.cadenza.workflow.started', 'io.cadenza.task.completed', 'io.cadenza.workflow.completed']);
    }

    // Every event again, as a redelivery after a crash would bring them: nothing is added.
    expect(await createAuditSink(pool, { table }).write([...expected.values()])).to.equal(0);
    expect((await rows()).length).to.equal(expected.size);
  });
});
