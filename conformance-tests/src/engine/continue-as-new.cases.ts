import { type Client, type HistoryStore, type StoredEvent, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { freshName } from '../support/fresh-name';
import { rejection } from '../support/rejection';
import { Flaky, flakyService, flakyState } from './fixtures';
import { service, type World } from './world';
import { recording } from './wrapped-transports';

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

/** Takes one value per run; each run continues on a later message (the gate) than the one whose value it took. */
class Taker extends Workflow {
  private readonly values = this.channel<string>('values');
  private readonly gate = this.channel<number>('gate');

  async take(got: string[] = []): Promise<string[]> {
    const value = await this.values.receive();
    await this.gate.receive();
    const now = [...got, value];
    if (now.length < 3) return this.continueAsNew<Parameters<Taker['take']>>(now);
    return now;
  }
}

/** Counts updates; `hop` continues as new with the count, `stop` ends with it. */
class Tally extends Workflow {
  static readonly updates = { increment: {} };
  private readonly control = this.channel<string>('control');
  private count = 0;

  async tally(count: number): Promise<number> {
    this.count = count;
    if ((await this.control.receive()) === 'hop') return this.continueAsNew<Parameters<Tally['tally']>>(this.count);
    return this.count;
  }

  increment(): number {
    return ++this.count;
  }

  /** A method beside the main one: adds `by`. */
  async add(by: number): Promise<number> {
    this.count += by;
    return this.count;
  }
}

/** A child whose task may fail (then its parent is retried), and which continues as new once before it returns. */
class HoppingKid extends Workflow {
  private readonly flaky = this.newService(Flaky);

  async run(label: string, hops: number): Promise<string> {
    const done = await this.flaky.run(`${label}:${hops}`);
    if (hops > 0) return this.continueAsNew<Parameters<HoppingKid['run']>>(label, hops - 1);
    return done;
  }
}

class HoppingKidParent extends Workflow {
  async run(label: string): Promise<string> {
    return this.newWorkflow(HoppingKid).run(label, 1);
  }
}

/** Draws one uuid per run, continuing `hops` times at once (one message starts every run). */
class UuidHopper extends Workflow {
  async run(hops: number, drawn: string[] = []): Promise<string[]> {
    const now = [...drawn, this.uuid()];
    if (hops > 0) return this.continueAsNew<Parameters<UuidHopper['run']>>(hops - 1, now);
    return now;
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
    await w.worker({ workflows: [Counter, Collector, CounterParent, Taker, Tally, UuidHopper], services: [service(Flaky, flakyService(flakyState()))], retainHistory });
    return w.client();
  };
  const read = async (w: World, name: string, id: string): Promise<Awaited<ReturnType<HistoryStore['read']>>> => (await w.store()).read(w.names.workflowStream(name, id));
  /** Waits until instance `id` of `name` runs its second run (its first continued as new). */
  const secondRun = async (w: World, name: string, id: string): Promise<void> => {
    await eventually(async () => expect((await read(w, name, id)).events.some((e) => e.type === 'WorkflowStarted' && (e.data as { continued?: number }).continued === 1)).to.equal(true));
  };

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

  it('ignores a late copy of a signal an earlier run took: the next run does not take it again', async () => {
    const w = world();
    const caller = recording(await w.transport());
    await start(w);
    const client = await w.client(caller.transport);
    const id = freshName('taker');
    const handle = await client.start(client.newWorkflow(Taker, { id }).take);
    const instance = client.getById(Taker, id);
    await instance.send('values', 'a');
    await instance.send('gate', 1);
    await secondRun(w, 'Taker', id);
    // The at-least-once redelivery of the first run's signal, after that run continued on another message.
    const copy = caller.published.find((p) => p.envelope.message.kind === 'SendSignal')!;
    await caller.transport.publish(copy.topic, copy.envelope, { key: id });
    await instance.send('values', 'b');
    await instance.send('gate', 2);
    await instance.send('values', 'c');
    await instance.send('gate', 3);
    expect(await handle.result()).to.deep.equal(['a', 'b', 'c']);
  });

  it('applies a late copy of an update an earlier run applied once: the next run does not run the handler again', async () => {
    const w = world();
    const caller = recording(await w.transport());
    await start(w);
    const client = await w.client(caller.transport);
    const id = freshName('tally');
    const handle = await client.dispatch(client.newWorkflow(Tally, { id }).tally, 0);
    expect(await handle.update('increment')).to.equal(1);
    await handle.send('control', 'hop');
    await secondRun(w, 'Tally', id);
    const copy = caller.published.find((p) => p.envelope.message.kind === 'UpdateWorkflow')!;
    await caller.transport.publish(copy.topic, copy.envelope, { key: id });
    expect(await handle.update('increment')).to.equal(2);
    await handle.send('control', 'stop');
    expect(await handle.result()).to.equal(2);
  });

  it('gives a parent the result of a child that failed, was retried through the parent, then continued as new', async () => {
    const w = world();
    const flaky = flakyState();
    const label = freshName('kid');
    flaky.terminal.add(`${label}:1`);
    await w.worker({ workflows: [HoppingKid, HoppingKidParent], services: [service(Flaky, flakyService(flaky))] });
    const client = await w.client();
    const id = freshName('parent');
    await client.dispatch(client.newWorkflow(HoppingKidParent, { id }).run, label);
    const parent = client.getById(HoppingKidParent, id);
    await eventually(async () => expect((await parent.state()).status).to.equal('failed'));
    flaky.terminal.delete(`${label}:1`);
    await parent.retry();
    // The child's final run reports under an id of its own, not that of its first run's failure.
    expect(await parent.result()).to.equal(`${label}:0:done`);
  });

  it('gives each run its own run id, also when one message continues several runs in a row: their uuids differ', async () => {
    const w = world();
    const client = await start(w);
    const drawn = await client.newWorkflow(UuidHopper, { id: freshName('uuids') }).run(2);
    expect(drawn).to.have.length(3);
    expect(new Set(drawn).size).to.equal(3);
  });

  it('runs a late copy of a method call an earlier run ran once: the next run does not run the method again', async () => {
    const w = world();
    const caller = recording(await w.transport());
    await start(w);
    const client = await w.client(caller.transport);
    const id = freshName('tally');
    const handle = await client.dispatch(client.newWorkflow(Tally, { id }).tally, 0);
    expect(await client.getById(Tally, id).add(5)).to.equal(5);
    await handle.send('control', 'hop');
    await secondRun(w, 'Tally', id);
    const copy = caller.published.find((p) => p.envelope.message.kind === 'RunMethod')!;
    await caller.transport.publish(copy.topic, copy.envelope, { key: id });
    expect(await handle.update('increment')).to.equal(6);
    await handle.send('control', 'stop');
    expect(await handle.result()).to.equal(6);
  });
};
