import { type HistoryEvent, type Transport } from '@cadenza/core';
import { BankService, BankWorkflow, createBankService, createEmailService, EmailService, Ledger } from '@cadenza/example-bank-transfer';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { service, type World } from './world';

const accounts = { alice: 1_000, bob: 1_000, carol: 1_000 };
export const bankServices = (ledger: Ledger, outbox = new Map<string, string>()) => [
  service(BankService, createBankService(ledger)),
  service(EmailService, createEmailService(outbox)),
];

/** Every `publish` goes out twice: what at-least-once delivery may do to any message. */
const duplicating = (inner: Transport): Transport => ({
  capabilities: inner.capabilities,
  subscribe: (...args) => inner.subscribe(...args),
  close: () => inner.close(),
  publish: async (topic, envelope, options) => {
    await inner.publish(topic, envelope, options);
    await inner.publish(topic, envelope, options);
  },
});

export const bankCases = (h: EngineHarness, world: () => World): void => {
  it('runs the bank transfer as WorkflowStarted, three TaskScheduled/TaskCompleted, WorkflowCompleted, then clears it', async () => {
    const w = world();
    const ledger = new Ledger(accounts);
    const recorded = new Map<string, HistoryEvent[]>();
    await w.worker({ workflows: [BankWorkflow], services: bankServices(ledger) }, { history: await w.recordingStore(recorded) });
    const client = await w.client();
    await client.newWorkflow(BankWorkflow, { id: 'wire-1' }).wire('wire-1', 'alice', 'bob', 100);
    const stream = w.names.workflowStream('BankWorkflow', 'wire-1');
    await eventually(async () => expect((await (await w.store()).read(stream)).revision).to.equal('deleted'));
    const events = recorded.get(stream)!;
    expect(events.map((e) => e.type)).to.deep.equal([
      'WorkflowStarted', 'WaiterAdded', 'TaskScheduled', 'TaskCompleted', 'TaskScheduled', 'TaskCompleted', 'TaskScheduled', 'TaskCompleted', 'WorkflowCompleted',
    ]);
    const scheduled = events.filter((e): e is Extract<HistoryEvent, { type: 'TaskScheduled' }> => e.type === 'TaskScheduled');
    expect(scheduled.map((e) => `${e.service}.${e.method}(${e.args.join(',')})`)).to.deep.equal([
      'BankService.withdraw(wire-1,alice,100)', 'BankService.deposit(wire-1,bob,100)', 'EmailService.send(wire-1,alice,100)',
    ]);
    expect(ledger.snapshot()).to.deep.equal({ alice: 900, bob: 1_100, carol: 1_000 });
  });

  it('keeps the history of an ended workflow when retention is on, and answers a second start with its result', async () => {
    const w = world();
    await w.worker({ workflows: [BankWorkflow], services: bankServices(new Ledger(accounts)), retainHistory: true });
    const client = await w.client();
    await client.newWorkflow(BankWorkflow, { id: 'kept' }).wire('kept', 'alice', 'bob', 5);
    const read = await (await w.store()).read(w.names.workflowStream('BankWorkflow', 'kept'));
    expect(read.events.map((e) => e.type).at(-1)).to.equal('WorkflowCompleted');
    expect(await client.newWorkflow(BankWorkflow, { id: 'kept' }).wire('kept', 'alice', 'bob', 5)).to.equal(null);
  });

  it('runs 200 workflows at once, each task applied exactly once and money conserved', async () => {
    const w = world();
    const ledger = new Ledger(accounts);
    const outbox = new Map<string, string>();
    await w.worker({ workflows: [BankWorkflow], services: bankServices(ledger, outbox) });
    const client = await w.client();
    const names = Object.keys(accounts);
    await Promise.all(Array.from({ length: 200 }, (_, i) =>
      client.newWorkflow(BankWorkflow, { id: `bulk-${i}` }).wire(`bulk-${i}`, names[i % 3]!, names[(i + 1) % 3]!, 1 + (i % 7))));
    expect(ledger.total()).to.equal(3_000);
    expect(ledger.appliedTasks()).to.equal(400);
    expect(outbox.size).to.equal(200);
  });

  it('resumes every workflow on new workers after the old ones stop mid-run, applying each effect once', async () => {
    const w = world();
    const ledger = new Ledger(accounts);
    const outbox = new Map<string, string>();
    const slow = { withdraw: 0 };
    const bank = createBankService(ledger);
    // Slow withdrawals: the money moves at once, the task answers 20 ms later, so stopping finds tasks in flight.
    const slowBank = { ...bank, withdraw: async (...args: Parameters<typeof bank.withdraw>) => {
      slow.withdraw++;
      const moved = bank.withdraw(...args);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return moved;
    } };
    const first = await w.worker({ workflows: [BankWorkflow], services: [service(BankService, slowBank, { concurrency: 4 }), service(EmailService, createEmailService(outbox))] });
    const client = await w.client();
    const handles = await Promise.all(Array.from({ length: 40 }, (_, i) =>
      client.dispatch(client.newWorkflow(BankWorkflow, { id: `resume-${i}` }).wire, `resume-${i}`, 'alice', 'bob', 10)));
    await eventually(() => expect(slow.withdraw).to.be.at.least(8));
    await first.stop();
    await w.worker({ workflows: [BankWorkflow], services: bankServices(ledger, outbox) });
    await Promise.all(handles.map((handle) => handle.result()));
    expect(ledger.snapshot()).to.deep.equal({ alice: 600, bob: 1_400, carol: 1_000 });
    expect(ledger.appliedTasks()).to.equal(80);
    expect(outbox.size).to.equal(40);
  });

  it('leaves identical histories when every message is delivered twice', async () => {
    const histories = async (duplicate: boolean) => {
      const w = world();
      const recorded = new Map<string, HistoryEvent[]>();
      const ledger = new Ledger(accounts);
      const transport = await w.transport();
      await w.worker({ workflows: [BankWorkflow], services: bankServices(ledger) }, {
        history: await w.recordingStore(recorded), transport: duplicate ? duplicating(transport) : transport,
      });
      const clientTransport = await w.transport();
      const client = await w.client(duplicate ? duplicating(clientTransport) : clientTransport);
      await Promise.all(['a', 'b', 'c'].map((id) => client.newWorkflow(BankWorkflow, { id }).wire(id, 'alice', 'carol', 10)));
      await eventually(async () => {
        for (const id of ['a', 'b', 'c']) expect((await (await w.store()).read(w.names.workflowStream('BankWorkflow', id))).revision).to.equal('deleted');
      });
      expect(ledger.snapshot()).to.deep.equal({ alice: 970, bob: 1_000, carol: 1_030 });
      return ['a', 'b', 'c'].map((id) => recorded.get(w.names.workflowStream('BankWorkflow', id))!.map((e) => (e.type === 'WaiterAdded' ? { type: e.type } : e)));
    };
    const once = await histories(false);
    const twice = await histories(true);
    expect(twice).to.deep.equal(once);
  });
};
