import { createInMemoryTransport } from '@cadenza/in-memory';
import { expect } from 'chai';
import { createListener } from '../src/create-listener';
import { eventsEnvelope, fakeCatalogue } from './support/fake-catalogue';
import { ListenerWorld } from './support/listener-world';
import { Received, settled } from './support/received';

describe('event listener start positions', () => {
  let world: ListenerWorld;
  beforeEach(() => (world = new ListenerWorld()));
  afterEach(() => world.close());

  const listenFrom = async (start: 'earliest' | 'latest' | { time: Date | number }) => {
    const received = new Received();
    await world.listen({ start, on: { 'io.cadenza': (event) => received.add(event) } });
    return received;
  };

  it('earliest (the default): a group created later still sees what was published before', async () => {
    await world.publish('w1', { id: 'old', type: 'io.cadenza.workflow.started' });
    const received = await listenFrom('earliest');
    await received.atLeast(1);
    expect(received.ids).to.deep.equal(['old']);
  });

  it('latest: only what is published after the listener attached', async () => {
    await world.listen({ group: 'first', on: { 'io.cadenza': () => undefined } }); // the topic has a group: it retains
    await world.publish('w1', { id: 'old', type: 'io.cadenza.workflow.started' });
    const received = await listenFrom('latest');
    await world.publish('w1', { id: 'new', type: 'io.cadenza.workflow.completed' });
    await received.atLeast(1);
    await settled();
    expect(received.ids).to.deep.equal(['new']);
  });

  it('a time in the future reads like latest until then: nothing older, everything published after attaching', async () => {
    await world.publish('w1', { id: 'old', type: 'io.cadenza.workflow.started' });
    const received = await listenFrom({ time: new Date(Date.now() + 3_600_000) });
    await world.publish('w1', { id: 'new', type: 'io.cadenza.workflow.completed' });
    await received.atLeast(1);
    await settled();
    expect(received.ids).to.deep.equal(['new']);
  });

  it('a group that has a position resumes from it and ignores start', async () => {
    const first = await world.listen({ group: 'resume', on: { 'io.cadenza': () => undefined } });
    await world.publish('w1', { id: 'seen', type: 'io.cadenza.workflow.started' });
    await settled();
    await first.stop();
    await world.publish('w1', { id: 'missed', type: 'io.cadenza.workflow.completed' });
    const received = new Received();
    await world.listen({ group: 'resume', start: 'latest', on: { 'io.cadenza': (event) => received.add(event) } });
    await received.atLeast(1);
    expect(received.ids).to.deep.equal(['missed']);
  });
});

describe('event listener from config', () => {
  it('builds its transport from the config (here the process-wide in-memory broker)', async () => {
    const namespace = `events-config-${process.pid}`;
    const received = new Received();
    const listener = await createListener({ namespace, transport: { type: 'in-memory' } },
      { group: 'from-config', on: { 'io.cadenza': (event) => received.add(event) } }, fakeCatalogue);
    const publisher = createInMemoryTransport();
    await publisher.publish(`${namespace}.events`, eventsEnvelope('w1', [{ id: 'a', type: 'io.cadenza.task.completed' }]), { key: 'w1' });
    await received.atLeast(1);
    await listener.stop();
    await publisher.close();
    expect(received.events[0]).to.include({ id: 'a', source: `/cadenza/${namespace}/workflows/Bank`, subject: 'w1' });
  });

  it('refuses a bad config before connecting', async () => {
    let error: unknown;
    await createListener({ namespace: 'no dots.here' }, { group: 'g', on: { 'io.cadenza': () => undefined } }, fakeCatalogue).catch((e: unknown) => (error = e));
    expect(error).to.have.property('code', 'CONFIG');
    expect((error as Error).message).to.contain('config.namespace');
  });
});
