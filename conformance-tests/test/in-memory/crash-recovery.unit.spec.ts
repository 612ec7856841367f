import { createClient, createWorker, type Logger, type ServiceImplementation } from '@cadenza/core';
import { eventually } from '../../src';
import { BankService, BankWorkflow, createBankService, createEmailService, EmailService, Ledger } from '@cadenza/example-bank-transfer';
import { expect } from 'chai';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };

describe('in-memory: a worker that crashes mid-run', () => {
  it('leaves nothing behind: a new worker finishes every workflow and each effect is applied once', async () => {
    const broker = new InMemoryBroker();
    const history = createInMemoryHistoryStore();
    const ledger = new Ledger({ alice: 1_000, bob: 1_000 });
    const outbox = new Map<string, string>();
    const bank = createBankService(ledger);
    let slowCalls = 0;
    // The first worker's withdrawals move the money at once but answer 30 ms later, so the crash finds tasks
    // whose effect is applied but not acknowledged: they run again on the second worker.
    const slowBank: ServiceImplementation<BankService> = {
      withdraw: async (...args) => {
        slowCalls++;
        const moved = bank.withdraw(...args);
        await new Promise((resolve) => setTimeout(resolve, 30));
        return moved;
      },
      deposit: bank.deposit,
    };
    const crashing = createInMemoryTransport({ broker });
    const first = createWorker({ transport: crashing, history, logger: silent, namespace: 'crash' })
      .registerWorkflow(BankWorkflow)
      .registerService(BankService, slowBank, { concurrency: 4 })
      .registerService(EmailService, createEmailService(outbox));
    await first.start();
    const client = createClient({ transport: createInMemoryTransport({ broker }), logger: silent, namespace: 'crash' });
    const handles = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      client.dispatch(client.newWorkflow(BankWorkflow, { id: `crash-${i}` }).wire, `crash-${i}`, 'alice', 'bob', 10)));
    await eventually(() => expect(slowCalls).to.be.at.least(6));

    crashing.crash();
    const second = createWorker({ transport: createInMemoryTransport({ broker }), history, logger: silent, namespace: 'crash' })
      .registerWorkflow(BankWorkflow)
      .registerService(BankService, bank)
      .registerService(EmailService, createEmailService(outbox));
    await second.start();

    await Promise.all(handles.map((handle) => handle.result()));
    // Tasks interrupted by the crash ran again on the second worker: the ledger absorbed the repeats.
    expect([...ledger.attempts.values()].some((n) => n > 1), 'a task interrupted by the crash ran again').to.equal(true);
    expect(ledger.snapshot()).to.deep.equal({ alice: 700, bob: 1_300 });
    expect(ledger.appliedTasks()).to.equal(60);
    expect(outbox.size).to.equal(30);
    await client.close();
    await second.stop();
    broker.shutdown();
  });
});
