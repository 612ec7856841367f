import { BankWorkflow, Ledger } from '@cadenza/example-bank-transfer';
import { expect } from 'chai';
import { bankServices } from '../engine/bank.cases';
import type { World } from '../engine/world';
import { eventually } from '../support/eventually';
import { EventLog, listenInto, PUBLISH } from './event-log';

export const lateListenerCases = (world: () => World): void => {
  it('a listener started after 100 workflows ran, from earliest, sees each one\'s started and completed events', async () => {
    const w = world();
    await w.worker({ events: PUBLISH, workflows: [BankWorkflow], services: bankServices(new Ledger({ alice: 10_000, bob: 10_000 })) });
    const client = await w.client();
    const ids = Array.from({ length: 100 }, (_, i) => `late-${i}`);
    await Promise.all(ids.map((id) => client.newWorkflow(BankWorkflow, { id }).wire(id, 'alice', 'bob', 1)));
    const log = new EventLog();
    await listenInto(w, log, { group: 'late', start: 'earliest', filter: { types: ['io.cadenza.workflow.started', 'io.cadenza.workflow.completed'] } });
    await eventually(() => expect(log.subjectsWith('io.cadenza.workflow.completed').size).to.equal(100), { timeoutMs: 60_000 });
    expect([...log.subjectsWith('io.cadenza.workflow.started')].sort()).to.deep.equal([...ids].sort());
    expect([...log.subjectsWith('io.cadenza.workflow.completed')].sort()).to.deep.equal([...ids].sort());
  });
};
