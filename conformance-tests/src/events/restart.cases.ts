import type { CadenzaConfig, Transport } from '@cadenza/core';
import { BankWorkflow, Ledger } from '@cadenza/example-bank-transfer';
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killProcess, startReadyProcess } from '../e2e/ready-process';
import { bankServices } from '../engine/bank.cases';
import type { World } from '../engine/world';
import { eventually } from '../support/eventually';
import { itIf } from '../support/it-if';
import { EventLog, listenInto, PUBLISH } from './event-log';

/** A config's `transport` section. */
export type TransportConfig = NonNullable<CadenzaConfig['transport']>;

const WORKFLOWS = 60;
const GROUP = 'resumed';
/** An event as JSON (`toJSON()`), the form a listener process writes. */
type EventJson = { readonly id: string } & Record<string, unknown>;

/** A first member of the group, interrupted mid-stream, and the events it handled. */
interface Member {
  received(): EventJson[];
  interrupt(): Promise<void>;
}

const asJson = (log: EventLog): EventJson[] => log.events.map((e) => JSON.parse(JSON.stringify(e.toJSON())) as EventJson);

/** An in-process member, slow enough to be interrupted mid-stream, on a transport of its own. */
const inProcessMember = async (w: World, interrupt: (parts: { stop: () => Promise<void>; transport: Transport }) => Promise<void>): Promise<Member> => {
  const log = new EventLog();
  const transport = await w.transport();
  const listener = await listenInto(w, log, { group: GROUP, transport, maxEvents: 10, onBatch: async (events) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    log.add(events);
  } });
  return { received: () => asJson(log), interrupt: () => interrupt({ stop: () => listener.stop(), transport }) };
};

/** A member in a process of its own (listener-process.ts), SIGKILLed to interrupt it. */
const processMember = async (w: World, transport: TransportConfig): Promise<Member> => {
  const file = join(mkdtempSync(join(tmpdir(), 'cadenza-events-')), 'events.jsonl');
  const started: ChildProcess[] = [];
  w.onClose(() => Promise.all(started.map(killProcess)).then(() => undefined));
  const env = { CADENZA_EVENTS_CONFIG: JSON.stringify({ namespace: w.namespace, transport }), CADENZA_EVENTS_GROUP: GROUP, CADENZA_EVENTS_FILE: file };
  const child = await startReadyProcess(join(__dirname, 'listener-process.js'), [], env, started, 'listener process');
  const received = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as EventJson) : []);
  return { received, interrupt: () => killProcess(child) };
};

/** Two receipts of one id are the same event: a redelivery, never another event under a reused id. */
const sameEventPerId = (events: readonly EventJson[]): void => {
  const first = new Map<string, EventJson>();
  for (const event of events) {
    const seen = first.get(event.id);
    if (seen) expect(event, `event ${event.id}`).to.deep.equal(seen);
    else first.set(event.id, event);
  }
};

/**
 * Runs WORKFLOWS bank transfers while a reference listener (a group of its own) and a first member of the group
 * listen; the first member is interrupted mid-stream, then a second member of the same group starts. Together
 * they must have received every event the reference did.
 */
const missesNone = async (w: World, first: () => Promise<Member>): Promise<void> => {
  const reference = new EventLog();
  await listenInto(w, reference, { group: 'reference' });
  const member = await first();
  await w.worker({ events: PUBLISH, workflows: [BankWorkflow], services: bankServices(new Ledger({ alice: 10_000, bob: 10_000 })) });
  const client = await w.client();
  const ids = Array.from({ length: WORKFLOWS }, (_, i) => `resume-${i}`);
  const done = Promise.all(ids.map((id) => client.newWorkflow(BankWorkflow, { id }).wire(id, 'alice', 'bob', 1)));
  await eventually(() => expect(member.received().length).to.be.at.least(30), { timeoutMs: 30_000 });
  await member.interrupt();
  const beforeRestart = member.received();
  const second = new EventLog();
  await listenInto(w, second, { group: GROUP });
  await done;
  await eventually(() => expect(reference.subjectsWith('io.cadenza.workflow.completed').size).to.equal(WORKFLOWS), { timeoutMs: 60_000 });
  await eventually(() => {
    const got = new Set([...beforeRestart, ...asJson(second)].map((e) => e.id));
    expect([...reference.ids()].filter((id) => !got.has(id))).to.deep.equal([]);
  }, { timeoutMs: 90_000 });
  expect(beforeRestart.length, 'the first member was interrupted before the end').to.be.below(reference.events.length);
  sameEventPerId([...asJson(reference), ...beforeRestart, ...asJson(second)]);
};

/** How the harness can kill a listener: its transport in this process, or a process of its own. */
export interface ListenerKill {
  readonly crash?: (transport: Transport) => void;
  readonly processTransport?: TransportConfig;
}

export const restartCases = (world: () => World, kill: ListenerKill): void => {
  it('a listener stopped mid-stream and restarted with the same group misses none (duplicates keep their id)', async () => {
    const w = world();
    await missesNone(w, () => inProcessMember(w, ({ stop }) => stop()));
  });

  const { crash, processTransport } = kill;
  itIf(crash !== undefined, 'killing a listener\'s transport')('a listener whose transport is killed mid-stream, restarted with the same group, misses none', async () => {
    const w = world();
    await missesNone(w, () => inProcessMember(w, async ({ transport }) => crash!(transport)));
  });

  itIf(processTransport !== undefined, 'a transport a listener process can build from config')(
    'a listener process SIGKILLed mid-stream, restarted with the same group, misses none', async () => {
      const w = world();
      await missesNone(w, () => processMember(w, processTransport!));
    });
};
