import { type Client, type HistoryStore, type StoredEvent, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { freshName } from '../support/fresh-name';
import { rejection } from '../support/rejection';
import { Flaky, flakyService, flakyState } from './fixtures';
import { service, type World } from './world';

/** Counts from `n` to `last`, one run per number, each run one task: its history never holds more than one run. */
class Counter extends Workflow {
  private readonly flaky = this.newService(Flaky);

  async count(n: number, last: number, labels: string[] = []): Promise<{ n: number; labels: string[] }> {
    const label = await this.flaky.run(`${this.workflowId}:${n}`);
    if (n < last) return this.continueAsNew<Parameters<Counter['count']>>(n + 1, last, [...labels, label]);
    return { n, labels: [...labels, label] };
  }
}

/** Takes one value per run from `values` until it has `want` of them: values sent during a switch must not be lost. */
class Collector extends Workflow {
  private readonly values = this.channel<string>('values');
  private readonly gate = this.channel<string>('gate');

  async collect(want: number, got: string[] = []): Promise<string[]> {
    if (got.length === 0) await this.gate.receive();
    const value = await this.values.receive();
    const now = [...got, value];
    if (now.length < want) await this.continueAsNew(want, now);
    return now;
  }

  /** A method beside the main one may not continue as new. */
  async sneaky(): Promise<string> {
    return this.continueAsNew(0, []);
  }
}

/** A parent that waits on a child which continues as new twice. */
class CounterParent extends Workflow {
  async run(): Promise<{ n: number; labels: string[] }> {
    return this.newWorkflow(Counter).count(1, 3);
  }
}

const typesOf = (events: readonly StoredEvent[]) => events.map((e) => e.type);
/** The events of the current run, as the engine sees them: after the last WorkflowContinuedAsNew. */
const currentRun = (events: readonly StoredEvent[]): StoredEvent[] => {
  const last = typesOf(events).lastIndexOf('WorkflowContinuedAsNew');
  return events.slice(last + 1);
};

/**
 * Three values wait in the first run's buffer; the gate lets it take v1 and continue, and runs 2 and 3 take v2
 * and v3 at once (one message, three switches); run 4 waits for v4. Resolves with what the last run returned.
 */
const collectAcrossSwitches = async (client: Client): Promise<string[]> => {
  const id = freshName('collector');
  const handle = await client.start(client.newWorkflow(Collector, { id }).collect, 4);
  const instance = client.getById(Collector, id);
  for (const value of ['v1', 'v2', 'v3']) await instance.send('values', value);
  await instance.send('gate', 'open');
  await instance.send('values', 'v4');
  return handle.result();
};

export const continueAsNewCases = (_h: EngineHarness, world: () => World): void => {
  const start = async (w: World, retainHistory = false) => {
    await w.worker({ workflows: [Counter, Collector, CounterParent], services: [service(Flaky, flakyService(flakyState()))], retainHistory });
    return w.client();
  };
  const read = async (w: World, name: string, id: string): Promise<Awaited<ReturnType<HistoryStore['read']>>> => (await w.store()).read(w.names.workflowStream(name, id));

  it('keeps the id, starts each run with the new arguments, and gives the waiting caller the last run\'s result', async () => {
    const w = world();
    const client = await start(w);
    const id = freshName('counter');
    const result = await client.newWorkflow(Counter, { id }).count(1, 4);
    expect(result).to.deep.equal({ n: 4, labels: [1, 2, 3, 4].map((n) => `${id}:${n}:done`) });
    // The history was cleared at the end, as for any workflow; the outcome stays under the id.
    await eventually(async () => expect((await read(w, 'Counter', id)).revision).to.equal('deleted'));
    expect(await client.getById(Counter, id).result()).to.deep.equal(result);
  });

  it('clears the history at each switch: the engine replays only the current run, and the store keeps no earlier run where it can trim', async () => {
    const w = world();
    const client = await start(w, true);
    const id = freshName('counter');
    expect((await client.newWorkflow(Counter, { id }).count(1, 3)).n).to.equal(3);
    const { events } = await read(w, 'Counter', id);
    const run = currentRun(events);
    expect(run[0]!.type).to.equal('WorkflowStarted');
    expect(run[0]!.data).to.include({ continued: 2 });
    expect((run[0]!.data as { args: unknown[] }).args.slice(0, 2)).to.deep.equal([3, 3]);
    // The waiting caller is carried over to each run.
    expect(typesOf(run)).to.deep.equal(['WorkflowStarted', 'WaiterAdded', 'TaskScheduled', 'TaskCompleted', 'WorkflowCompleted']);
    const store = await w.store();
    if (store.truncateBefore) expect(typesOf(events)).to.not.include('WorkflowContinuedAsNew');
    else expect(typesOf(events).filter((type) => type === 'WorkflowContinuedAsNew')).to.have.length(2);
  });

  it('lets result() of a later client, and a copy of the first start, follow to the last run', async () => {
    const w = world();
    const client = await start(w);
    const id = freshName('collector');
    const handle = await client.start(client.newWorkflow(Collector, { id }).collect, 2);
    const instance = client.getById(Collector, id);
    await instance.send('gate', 'open');
    await instance.send('values', 'a');
    // Run 2 waits for a value: a copy of the first start and a new waiter attach to it.
    await eventually(async () => expect(typesOf(currentRun((await read(w, 'Collector', id)).events))).to.include('ReceiveStarted'));
    const copy = client.newWorkflow(Collector, { id }).collect(2);
    const later = (await w.client()).getById(Collector, id).result();
    await instance.send('values', 'b');
    expect(await handle.result()).to.deep.equal(['a', 'b']);
    expect(await copy).to.deep.equal(['a', 'b']);
    expect(await later).to.deep.equal(['a', 'b']);
  });

  it('loses no signal sent across the switch: the ones the old run buffered are carried over, in order', async () => {
    const w = world();
    expect(await collectAcrossSwitches(await start(w))).to.deep.equal(['v1', 'v2', 'v3', 'v4']);
  });

  it('gives every appended event its own id, also when one message continues several runs in a row', async () => {
    const w = world();
    const store = await w.store();
    const ids: string[] = [];
    // Every append goes through `append` (no `appendMany`), so each event id is seen.
    const recording: HistoryStore = {
      capabilities: store.capabilities, read: (stream, options) => store.read(stream, options), delete: (stream, kept, options) => store.delete(stream, kept, options),
      sweep: (now, limit) => store.sweep(now, limit), close: async () => undefined,
      append: async (stream, events, expected, options) => {
        const revision = await store.append(stream, events, expected, options);
        ids.push(...events.map((event) => event.id));
        return revision;
      },
      ...(store.truncateBefore ? { truncateBefore: (stream: string, revision: number) => store.truncateBefore!(stream, revision) } : {}),
    };
    await w.worker({ workflows: [Collector] }, { history: recording });
    expect(await collectAcrossSwitches(await w.client())).to.deep.equal(['v1', 'v2', 'v3', 'v4']);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('gives a parent waiting on a child that continued as new the final run\'s result', async () => {
    const w = world();
    const client = await start(w);
    const result = await client.newWorkflow(CounterParent).run();
    expect(result.n).to.equal(3);
    expect(result.labels).to.have.length(3);
  });

  it('refuses continueAsNew from a method beside the main one, with a typed error, and the instance runs on', async () => {
    const w = world();
    const client = await start(w);
    const id = freshName('collector');
    const handle = await client.start(client.newWorkflow(Collector, { id }).collect, 1);
    const error = await rejection(client.getById(Collector, id).sneaky());
    expect(error.code).to.equal('METHOD_FAILED');
    expect((error.cause as { code?: string; name?: string }).code).to.equal('CONTINUE_AS_NEW_NOT_ALLOWED');
    expect((error.cause as { code?: string; name?: string }).name).to.equal('ContinueAsNewNotAllowedError');
    await client.getById(Collector, id).send('gate', 'open');
    await client.getById(Collector, id).send('values', 'x');
    expect(await handle.result()).to.deep.equal(['x']);
  });
};
