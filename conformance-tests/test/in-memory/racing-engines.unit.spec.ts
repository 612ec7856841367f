import { createClient, createWorker, type HistoryEvent, type HistoryStore, type Logger, type Transport } from '@cadenza/core';
import { BankService, BankWorkflow, createBankService, createEmailService, EmailService, Ledger } from '@cadenza/example-bank-transfer';
import { expect } from 'chai';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };

/** A transport whose subscriptions join a group of their own: its engine sees every message another engine sees. */
const rivalGroups = (inner: Transport): Transport => ({
  ...inner,
  capabilities: inner.capabilities,
  publish: (...args) => inner.publish(...args),
  close: () => inner.close(),
  subscribe: (topic, group, handle, options) => inner.subscribe(topic, `${group}.rival`, handle, options),
});

describe('in-memory: two engines racing on the same workflows', () => {
  it('lets exactly one append of each step win; the other reloads, finds it applied, and the histories stay whole', async () => {
    const broker = new InMemoryBroker();
    const store = createInMemoryHistoryStore();
    const conflicts: string[] = [];
    const recorded = new Map<string, HistoryEvent[]>();
    const watched: HistoryStore = {
      ...store,
      append: async (stream, events, expected) => {
        try {
          const revision = await store.append(stream, events, expected);
          recorded.set(stream, [...(recorded.get(stream) ?? []), ...events.map((e) => e.data as HistoryEvent)]);
          return revision;
        } catch (error) {
          conflicts.push((error as { code?: string }).code ?? String(error));
          throw error;
        }
      },
    };
    const ledger = new Ledger({ alice: 1_000, bob: 1_000 });
    const outbox = new Map<string, string>();
    const start = (transport: Transport) => createWorker({ transport, history: watched, logger: silent, namespace: 'race' })
      .registerWorkflow(BankWorkflow)
      .registerService(BankService, createBankService(ledger))
      .registerService(EmailService, createEmailService(outbox));
    const one = start(createInMemoryTransport({ broker }));
    const two = start(rivalGroups(createInMemoryTransport({ broker })));
    await Promise.all([one.start(), two.start()]);
    const client = createClient({ transport: createInMemoryTransport({ broker }), logger: silent, namespace: 'race' });

    await Promise.all(Array.from({ length: 20 }, (_, i) => client.newWorkflow(BankWorkflow, { id: `race-${i}` }).wire(`race-${i}`, 'alice', 'bob', 5)));

    expect(conflicts.length, 'appends that lost a race').to.be.greaterThan(0);
    expect(new Set(conflicts)).to.deep.equal(new Set(['CONCURRENCY']));
    for (let i = 0; i < 20; i++) {
      const types = recorded.get(`race.BankWorkflow-race-${i}`)!.map((e) => e.type).filter((t) => t !== 'WaiterAdded');
      expect(types, `history of race-${i}`).to.deep.equal(['WorkflowStarted', 'TaskScheduled', 'TaskCompleted', 'TaskScheduled', 'TaskCompleted', 'TaskScheduled', 'TaskCompleted', 'WorkflowCompleted']);
    }
    expect(ledger.snapshot()).to.deep.equal({ alice: 900, bob: 1_100 });
    expect(ledger.appliedTasks()).to.equal(40);
    await client.close();
    await one.stop();
    await two.stop();
    broker.shutdown();
  });
});
