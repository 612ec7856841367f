import { createClient, createWorker, type Logger } from '@cadenza/core';
import { BankService, BankWorkflow, createBankService, createEmailService, EmailService, Ledger } from '@cadenza/example-bank-transfer';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { expect } from 'chai';
import { createEventListener, EventListenerConfigError } from '../src';
import { Received } from './support/received';

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };

describe('createEventListener on the core\'s catalogue', () => {
  it('hands the engine\'s events of a bank transfer to per-type handlers, as valid CloudEvents', async () => {
    const broker = new InMemoryBroker();
    const namespace = 'events-real';
    const worker = createWorker({ transport: createInMemoryTransport({ broker }), history: createInMemoryHistoryStore(), namespace, logger: silent, events: { publish: true } })
      .registerWorkflow(BankWorkflow)
      .registerService(BankService, createBankService(new Ledger({ alice: 100, bob: 0 })))
      .registerService(EmailService, createEmailService(new Map()));
    await worker.start();
    const client = createClient({ transport: createInMemoryTransport({ broker }), namespace, logger: silent });
    const completed = new Received();
    const tasks = new Received();
    const listener = await createEventListener({ namespace }, {
      group: 'real', transport: createInMemoryTransport({ broker }), logger: silent,
      on: { 'io.cadenza.workflow.completed': (event) => completed.add(event), 'io.cadenza.task.completed': (event) => tasks.add(event) },
    });
    try {
      await client.newWorkflow(BankWorkflow, { id: 'real-1' }).wire('real-1', 'alice', 'bob', 10);
      await completed.atLeast(1);
      expect(tasks.events.map((e) => (e.data as { method: string }).method)).to.deep.equal(['withdraw', 'deposit', 'send']);
      for (const event of [...tasks.events, ...completed.events]) expect(event.validate()).to.equal(true);
      expect(completed.events[0]).to.include({ subject: 'real-1', source: `/cadenza/${namespace}/workflows/BankWorkflow`, cadenzaworkflowid: 'real-1' });
    } finally {
      await listener.stop();
      await client.close();
      await worker.stop();
      broker.shutdown();
    }
  });

  it('checks type filters against the real catalogue', async () => {
    let error: unknown;
    await createEventListener({}, { group: 'g', filter: { types: ['io.cadenza.timer.fird'] }, on: { 'io.cadenza': () => undefined } })
      .catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(EventListenerConfigError);
    expect((error as Error).message).to.contain('did you mean "io.cadenza.timer.fired"?');
  });
});
