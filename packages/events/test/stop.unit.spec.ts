import { ManualClock } from '@cadenza/in-memory';
import { expect } from 'chai';
import { ListenerWorld } from './support/listener-world';
import { Received, settled } from './support/received';

describe('event listener stop()', () => {
  let world: ListenerWorld;
  beforeEach(() => (world = new ListenerWorld()));
  afterEach(() => world.close());

  it('waits for a handler in flight, acknowledges what it finished, and settles stopped', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const received = new Received();
    const listener = await world.listen({ on: { 'io.cadenza': async (event) => {
      await blocked;
      received.add(event);
    } } });
    await world.publish('w1', { id: 'a', type: 'io.cadenza.task.completed' });
    await settled();
    let stopDone = false;
    const stopping = listener.stop().then(() => (stopDone = true));
    await settled();
    expect(stopDone).to.equal(false);
    release();
    await stopping;
    expect(received.ids).to.deep.equal(['a']);
    expect(await listener.stopped).to.deep.equal({ cause: 'stopped' });
    const again = new Received();
    await world.listen({ on: { 'io.cadenza': (event) => again.add(event) } });
    await world.publish('w1', { id: 'b', type: 'io.cadenza.task.completed' });
    await again.atLeast(1);
    await settled();
    expect(again.ids).to.deep.equal(['b']); // 'a' was acknowledged
  });

  it('during a retry: ends it without acknowledging, and the same group gets the event again later', async () => {
    const clock = new ManualClock(0);
    let calls = 0;
    const listener = await world.listen({ on: { 'io.cadenza': () => {
      calls++;
      throw new Error('down');
    } }, clock });
    await world.publish('w1', { id: 'a', type: 'io.cadenza.task.completed' });
    await settled();
    expect(calls).to.equal(1);
    await listener.stop(); // the backoff wait is cut short, with no further call
    clock.advance(60_000);
    await settled();
    expect(calls).to.equal(1);
    const received = new Received();
    await world.listen({ on: { 'io.cadenza': (event) => received.add(event) } });
    await received.atLeast(1);
    expect(received.ids).to.deep.equal(['a']);
  });

  it('drops events gathered for a batch not yet handed over; they are delivered again', async () => {
    const clock = new ManualClock(0);
    const first: string[] = [];
    const listener = await world.listen({ onBatch: (events) => {
      first.push(...events.map((e) => e.id));
    }, maxEvents: 10, maxWaitMs: 1_000, clock });
    await world.publish('w1', { id: 'a', type: 'io.cadenza.task.completed' });
    await settled();
    await listener.stop();
    expect(first).to.deep.equal([]);
    const received = new Received();
    await world.listen({ onBatch: (events) => received.add(...events), maxWaitMs: 0 });
    await received.atLeast(1);
    expect(received.ids).to.deep.equal(['a']);
  });

  it('waits for a batch call in flight and acknowledges its deliveries', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const handled: string[] = [];
    const listener = await world.listen({ onBatch: async (events) => {
      await blocked;
      handled.push(...events.map((e) => e.id));
    }, maxEvents: 2, maxWaitMs: 60_000 });
    await world.publish('w1', { id: 'a', type: 'io.cadenza.task.completed' }, { id: 'b', type: 'io.cadenza.task.completed' });
    await settled();
    const stopping = listener.stop();
    release();
    await stopping;
    expect(handled).to.deep.equal(['a', 'b']);
    const again = new Received();
    await world.listen({ group: 'test', on: { 'io.cadenza': (event) => again.add(event) } });
    await world.publish('w1', { id: 'c', type: 'io.cadenza.task.completed' });
    await again.atLeast(1);
    await settled();
    expect(again.ids).to.deep.equal(['c']); // a and b were acknowledged
  });

  it('settles stopped with the error when its subscription fails on its own', async () => {
    const transport = world.transport();
    const subscribe = transport.subscribe.bind(transport);
    let subscription: Awaited<ReturnType<typeof subscribe>> | undefined;
    transport.subscribe = async (...args) => (subscription = await subscribe(...args));
    const listener = await world.listen({ on: { 'io.cadenza': () => undefined } }, transport);
    transport.killSubscription(subscription!);
    const why = await listener.stopped;
    expect(why.cause).to.equal('failed');
    expect(why.cause === 'failed' && why.error.message).to.contain('killed');
    await listener.stop(); // after a failure, stop() is a no-op
  });
});
