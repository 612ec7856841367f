import { EVENT_CATALOGUE, type ServiceImplementation } from '@cadenza/core';
import { BankService, BankWorkflow, createBankService, createEmailService, EmailService, Ledger } from '@cadenza/example-bank-transfer';
import { expect } from 'chai';
import { bankServices } from '../engine/bank.cases';
import { service, type World } from '../engine/world';
import { eventually } from '../support/eventually';
import { EventLog, listenInto, PUBLISH } from './event-log';

/** The CloudEvents one bank transfer emits, in order (the sequence the events README documents). */
export const BANK_TRANSFER_EVENTS = [
  'io.cadenza.workflow.dispatched', 'io.cadenza.workflow.started',
  'io.cadenza.task.scheduled', 'io.cadenza.task.attempt.started', 'io.cadenza.task.completed', // withdraw
  'io.cadenza.task.scheduled', 'io.cadenza.task.attempt.started', 'io.cadenza.task.completed', // deposit
  'io.cadenza.task.scheduled', 'io.cadenza.task.attempt.started', 'io.cadenza.task.completed', // email
  'io.cadenza.workflow.completed',
];

const fast = { initialDelayMs: 10, backoffFactor: 1, jitter: 0 };
const catalogue = new Map(EVENT_CATALOGUE.map((entry) => [entry.type, entry]));

export const bankEventCases = (world: () => World): void => {
  it('the bank transfer emits exactly the documented sequence of CloudEvents, each valid per the SDK and its codec', async () => {
    const w = world();
    const log = new EventLog();
    await listenInto(w, log, { group: 'sequence' });
    await w.worker({ events: PUBLISH, workflows: [BankWorkflow], services: bankServices(new Ledger({ alice: 1_000, bob: 1_000 })) });
    const client = await w.client();
    await client.newWorkflow(BankWorkflow, { id: 'wire-1' }).wire('wire-1', 'alice', 'bob', 100);
    await eventually(() => expect(log.of('wire-1').map((e) => e.type)).to.deep.equal(BANK_TRANSFER_EVENTS));
    const events = log.of('wire-1');
    for (const event of events) {
      expect(event.validate(), event.type).to.equal(true);
      expect(catalogue.get(event.type)?.data.is(event.data), `${event.type} data`).to.equal(true);
      expect(event).to.include({ specversion: '1.0', subject: 'wire-1', datacontenttype: 'application/json', cadenzaworkflowid: 'wire-1', cadenzaworkflow: 'BankWorkflow' });
      expect(new Date(event.time!).toISOString()).to.equal(event.time);
    }
    expect(new Set(events.map((e) => e.id)).size).to.equal(events.length);
    const [wf, bank, email] = ['workflows/BankWorkflow', 'services/BankService', 'services/EmailService'].map((s) => `/cadenza/${w.namespace}/${s}`);
    expect(events.map((e) => e.source)).to.deep.equal([wf, wf, bank, bank, bank, bank, bank, bank, email, email, email, wf]);
    expect(events.filter((e) => e.type === 'io.cadenza.task.scheduled').map((e) => (e.data as { method: string }).method)).to.deep.equal(['withdraw', 'deposit', 'send']);
  });

  it('a flaky deposit\'s retries appear as attempt-failed events with their error and the delay before the next', async () => {
    const w = world();
    const log = new EventLog();
    await listenInto(w, log, { group: 'flaky', filter: { types: ['io.cadenza.task'] } });
    const bank = createBankService(new Ledger({ alice: 1_000, bob: 1_000 }));
    const deposits = new Map<string, number>();
    const flaky: ServiceImplementation<BankService> = {
      ...bank,
      deposit: async (...args) => {
        const n = (deposits.get(args[0]) ?? 0) + 1;
        deposits.set(args[0], n);
        if (n <= 2) throw new Error(`deposit refused (${n})`);
        return bank.deposit(...args);
      },
    };
    await w.worker({
      events: PUBLISH, workflows: [BankWorkflow],
      services: [service(BankService, flaky, { retry: { ...fast, initialDelayMs: 30, maxAttempts: 5 } }), service(EmailService, createEmailService(new Map()))],
    });
    const client = await w.client();
    await client.newWorkflow(BankWorkflow, { id: 'flaky-1' }).wire('flaky-1', 'alice', 'bob', 10);
    await eventually(() => expect(log.of('flaky-1').filter((e) => e.type === 'io.cadenza.task.completed')).to.have.length(3));
    const failed = log.of('flaky-1').filter((e) => e.type === 'io.cadenza.task.attempt.failed');
    expect(failed.map((e) => e.cadenzaattempt)).to.deep.equal([1, 2]);
    for (const [i, event] of failed.entries()) {
      const data = event.data as { method: string; attempt: number; error: { message: string }; retryInMs?: number };
      expect(data).to.include({ method: 'deposit', attempt: i + 1 });
      expect(data.error.message).to.equal(`deposit refused (${i + 1})`);
      expect(data.retryInMs).to.equal(30);
      expect(event.source).to.equal(`/cadenza/${w.namespace}/services/BankService`);
      expect(event.validate()).to.equal(true);
    }
    const started = log.of('flaky-1').filter((e) => e.type === 'io.cadenza.task.attempt.started' && (e.data as { method: string }).method === 'deposit');
    expect(started.map((e) => e.cadenzaattempt)).to.deep.equal([1, 2, 3]);
  });
};
