import { type HistoryEvent, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import * as t from 'io-ts';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { rejection } from '../support/rejection';
import { Gated, Gates } from './gates';
import { RacingReceive } from './signal-race.cases';
import { service, type World } from './world';

const Order = t.type({ id: t.string, amount: t.number });
type Order = t.TypeOf<typeof Order>;

/** Waits for `go`, then takes a big order, then the rest (up to 10), then the order named `late`. */
class Orders extends Workflow {
  static readonly channels = { orders: Order, go: t.literal('go') };
  static readonly maxBufferedSignals = 4;
  async run(): Promise<{ big: string; rest: string[]; late: string }> {
    const orders = this.channel<Order>('orders');
    await this.channel<'go'>('go').receive();
    const big = await orders.receive({ filter: (order) => order.amount >= 100 });
    const rest = await orders.receive({ limit: 10 });
    const late = await orders.receive({ filter: (order) => order.id === 'late' });
    return { big: big.id, rest: rest.map((order) => order.id), late: late.id };
  }
}

/** The same workflow as a client built without its declarations sees it: it sends what it likes. */
class UntypedOrders extends Workflow {
  static readonly workflowName = 'Orders';
  async run(): Promise<unknown> {
    return undefined;
  }
}

/** A channel typed in code only, with `this.channel(name, codec)`. */
class Amounts extends Workflow {
  async run(): Promise<number> {
    return this.channel('amounts', t.number).receive();
  }
}

/** Receives two amounts and adds them. */
class Pair extends Workflow {
  static readonly channels = { amounts: t.number };
  async run(): Promise<number> {
    const amounts = this.channel<number>('amounts');
    return (await amounts.receive()) + (await amounts.receive());
  }
}

/** Sends two amounts to a {@link Pair}, with a task between them (so a replay-every-step run replays the first send). */
class Forwarder extends Workflow {
  private readonly gated = this.newService(Gated);
  async run(target: string): Promise<string> {
    await this.send(Pair, target, 'amounts', 40);
    await this.gated.pass('between');
    await this.send(Pair, target, 'amounts', 2);
    return 'sent';
  }
}

/** Sends a value of the wrong shape: the code throws at the send, with the io-ts report. */
class BadForwarder extends Workflow {
  async run(target: string): Promise<void> {
    await this.send(Pair, target, 'amounts', 'forty' as unknown as number);
  }
}

const order = (id: string, amount: number): Order => ({ id, amount });

/** Typed channels, filters, limits, the buffer's bound, and receives released by a lost race. */
export const channelCases = (_h: EngineHarness, world: () => World): void => {
  const eventsOf = async (w: World, workflow: string, id: string): Promise<HistoryEvent[]> =>
    (await (await w.store()).read(w.names.workflowStream(workflow, id))).events.map((stored) => stored.data as HistoryEvent);
  /** A worker of {@link Orders}, an instance `id` dispatched, and a handle typed by its channels. */
  const startOrders = async (w: World, id: string, retainHistory = false) => {
    await w.worker({ workflows: [Orders], retainHistory });
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(Orders, { id }).run);
    return { client, handle, typed: client.getById(Orders, id) };
  };

  it('gives a filtered receive the first value it takes, keeps the others buffered in arrival order, and records which went where', async () => {
    const w = world();
    const { handle, typed } = await startOrders(w, 'orders');
    // Sent before any receive of `orders` waits: buffered, never dropped.
    await typed.send('orders', order('a', 5));
    await typed.send('orders', order('b', 500));
    await typed.send('orders', order('c', 7));
    await typed.send('go', 'go');
    await eventually(async () => expect((await eventsOf(w, 'Orders', 'orders')).filter((e) => e.type === 'ReceiveStarted')).to.have.length(4));
    await typed.send('orders', order('x', 1));
    await typed.send('orders', order('late', 2));
    expect(await handle.result()).to.deep.equal({ big: 'b', rest: ['a', 'c'], late: 'late' });
  });

  it('records the buffered signals a filtered receive took, and the filtered receive a signal went to', async () => {
    const w = world();
    const { handle, typed } = await startOrders(w, 'recorded', true);
    for (const [id, amount] of [['a', 5], ['b', 500]] as const) await typed.send('orders', order(id, amount));
    await typed.send('go', 'go');
    await eventually(async () => expect((await eventsOf(w, 'Orders', 'recorded')).filter((e) => e.type === 'ReceiveStarted')).to.have.length(4));
    await typed.send('orders', order('late', 1));
    await handle.result();
    const events = await eventsOf(w, 'Orders', 'recorded');
    const receives = events.filter((e) => e.type === 'ReceiveStarted');
    expect(receives.map((e) => e.type === 'ReceiveStarted' && [e.seq, e.filtered ?? false, e.limit ?? null, e.took ?? null])).to.deep.equal([
      [1, false, null, null], [2, true, null, [1]], [3, false, 10, null], [4, true, null, null],
    ]);
    const late = events.find((e) => e.type === 'SignalReceived' && (e.value as Order).id === 'late');
    expect(late).to.deep.include({ seq: 4 });
  });

  it('refuses at send, in the client, a value of the wrong shape for a declared channel, with the io-ts report', async () => {
    const w = world();
    await w.worker({ workflows: [Orders] });
    const client = await w.client();
    await client.dispatch(client.newWorkflow(Orders, { id: 'shape' }).run);
    const typed = client.getById(Orders, 'shape');
    const error = await rejection(typed.send('orders', { id: 'a', amount: 'lots' } as unknown as Order));
    expect(error.code).to.equal('INVALID_ARGUMENTS');
    expect(error.message).to.contain('expected number, got "lots"');
    expect((await eventsOf(w, 'Orders', 'shape')).map((e) => e.type)).not.to.include('SignalReceived');
  });

  it('refuses in the engine too a value of the wrong shape, from a client that does not know the codec, recording nothing', async () => {
    const w = world();
    await w.worker({ workflows: [Orders, Amounts] });
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(Orders, { id: 'engine-shape' }).run);
    const error = await rejection(client.getById(UntypedOrders, 'engine-shape').send('orders', 'not an order'));
    expect(error.code).to.equal('INVALID_ARGUMENTS');
    expect(error.message).to.contain('channel orders');
    expect((await eventsOf(w, 'Orders', 'engine-shape')).map((e) => e.type)).not.to.include('SignalReceived');
    await handle.cancel();

    const amounts = await client.dispatch(client.newWorkflow(Amounts, { id: 'amounts' }).run);
    expect((await rejection(amounts.send('amounts', 'ten'))).code).to.equal('INVALID_ARGUMENTS');
    await amounts.send('amounts', 10);
    expect(await amounts.result()).to.equal(10);
  });

  it('refuses a signal past maxBufferedSignals of its channel with ChannelFullError, and takes it once a receive made room', async () => {
    const w = world();
    const { handle, typed } = await startOrders(w, 'full');
    for (const id of ['a', 'b', 'c']) await typed.send('orders', order(id, 1));
    await typed.send('orders', order('big', 100));
    const error = await rejection(typed.send('orders', order('e', 1)));
    expect(error.code).to.equal('CHANNEL_FULL');
    expect(error.message).to.contain('already buffers 4 signals');
    expect((await eventsOf(w, 'Orders', 'full')).filter((e) => e.type === 'SignalReceived')).to.have.length(4);
    await typed.send('go', 'go');
    await eventually(async () => expect((await eventsOf(w, 'Orders', 'full')).filter((e) => e.type === 'ReceiveStarted')).to.have.length(4));
    await typed.send('orders', order('late', 1));
    expect(await handle.result()).to.deep.equal({ big: 'big', rest: ['a', 'b', 'c'], late: 'late' });
  });

  it('records a receive that lost a Deferred.any race as released, so the next signal goes to the next receive', async () => {
    const w = world();
    const gates = new Gates();
    await w.worker({ workflows: [RacingReceive], services: [service(Gated, gates.service())], retainHistory: true });
    w.onClose(() => gates.openAll());
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(RacingReceive, { id: 'releasing' }).run);
    gates.open('race');
    await eventually(async () => expect((await eventsOf(w, 'RacingReceive', 'releasing')).map((e) => e.type)).to.include('ReceiveReleased'));
    await handle.send('approvals', 'after the race');
    expect(await handle.result()).to.deep.equal(['race:done', 'after the race']);
    const events = await eventsOf(w, 'RacingReceive', 'releasing');
    expect(events.filter((e) => e.type === 'ReceiveReleased')).to.deep.equal([{ type: 'ReceiveReleased', seq: 1, channel: 'approvals' }]);
  });

  it('sends a signal from a workflow as a recorded step, published once even when the sender replays', async () => {
    const w = world();
    const gates = new Gates();
    await w.worker({ workflows: [Pair, Forwarder, BadForwarder], services: [service(Gated, gates.service())], retainHistory: true });
    w.onClose(() => gates.openAll());
    const client = await w.client();
    const pair = await client.dispatch(client.newWorkflow(Pair, { id: 'pair' }).run);
    const forwarder = await client.dispatch(client.newWorkflow(Forwarder, { id: 'forwarder' }).run, 'pair');
    await eventually(async () => expect((await eventsOf(w, 'Pair', 'pair')).map((e) => e.type)).to.include('SignalReceived'));
    gates.open('between');
    expect(await forwarder.result()).to.equal('sent');
    expect(await pair.result()).to.equal(42);
    const sent = (await eventsOf(w, 'Forwarder', 'forwarder')).filter((e) => e.type === 'SignalSent');
    expect(sent).to.deep.equal([
      { type: 'SignalSent', seq: 1, workflowName: 'Pair', workflowId: 'pair', channel: 'amounts', value: 40 },
      { type: 'SignalSent', seq: 3, workflowName: 'Pair', workflowId: 'pair', channel: 'amounts', value: 2 },
    ]);
    expect((await eventsOf(w, 'Pair', 'pair')).filter((e) => e.type === 'SignalReceived').map((e) => e.type === 'SignalReceived' && e.value)).to.deep.equal([40, 2]);

    const error = await rejection(client.newWorkflow(BadForwarder).run('pair'));
    expect(error.code).to.equal('WORKFLOW_FAILED');
    expect(String((error.cause as Error).message)).to.contain('expected number, got "forty"');
  });
};
