import type { CadenzaCloudEvent, Transport } from '@cadenza/core';
import { BankWorkflow, Ledger } from '@cadenza/example-bank-transfer';
import { expect } from 'chai';
import { bankServices } from '../engine/bank.cases';
import type { World } from '../engine/world';
import { eventually } from '../support/eventually';
import { itIf } from '../support/it-if';
import { EventLog, listenInto } from './event-log';

const WORKFLOWS = 60;

/** Two receipts of one id are the same event: a redelivery, never another event under a reused id. */
const sameEventPerId = (events: readonly CadenzaCloudEvent[]): void => {
  const first = new Map<string, CadenzaCloudEvent>();
  for (const event of events) {
    const seen = first.get(event.id);
    if (seen) expect(event.toJSON(), `event ${event.id}`).to.deep.equal(seen.toJSON());
    else first.set(event.id, event);
  }
};

/**
 * Runs WORKFLOWS bank transfers while a reference listener (its own group) and a first member of group
 * `resumed` listen; `interrupt` ends the first member mid-stream, then a second member of the same group
 * starts. Together they must have received every event the reference did.
 */
const missesNone = async (w: World, interrupt: (parts: { stop: () => Promise<void>; transport: Transport }) => Promise<void>): Promise<void> => {
  const reference = new EventLog();
  await listenInto(w, reference, { group: 'reference' });
  const resumed = new EventLog();
  const transport = await w.transport();
  const first = await listenInto(w, resumed, { group: 'resumed', transport, maxEvents: 10, onBatch: async (events) => {
    await new Promise((resolve) => setTimeout(resolve, 5)); // slow enough to be stopped mid-stream
    resumed.add(events);
  } });
  await w.worker({ workflows: [BankWorkflow], services: bankServices(new Ledger({ alice: 10_000, bob: 10_000 })) });
  const client = await w.client();
  const ids = Array.from({ length: WORKFLOWS }, (_, i) => `resume-${i}`);
  const done = Promise.all(ids.map((id) => client.newWorkflow(BankWorkflow, { id }).wire(id, 'alice', 'bob', 1)));
  await eventually(() => expect(resumed.events.length).to.be.at.least(30));
  await interrupt({ stop: () => first.stop(), transport });
  const beforeRestart = resumed.events.length;
  await listenInto(w, resumed, { group: 'resumed' });
  await done;
  await eventually(() => expect(reference.subjectsWith('io.cadenza.workflow.completed').size).to.equal(WORKFLOWS), { timeoutMs: 60_000 });
  await eventually(() => {
    const got = resumed.ids();
    expect([...reference.ids()].filter((id) => !got.has(id))).to.deep.equal([]);
  }, { timeoutMs: 60_000 });
  expect(beforeRestart, 'the first member was interrupted before the end').to.be.below(reference.events.length);
  sameEventPerId([...reference.events, ...resumed.events]);
};

export const restartCases = (world: () => World, crash: ((transport: Transport) => void) | undefined): void => {
  it('a listener stopped mid-stream and restarted with the same group misses none (duplicates keep their id)', async () => {
    await missesNone(world(), ({ stop }) => stop());
  });

  itIf(crash !== undefined, 'killing a listener\'s process')('a listener killed mid-stream and restarted with the same group misses none', async () => {
    await missesNone(world(), async ({ transport }) => crash!(transport));
  });
};
