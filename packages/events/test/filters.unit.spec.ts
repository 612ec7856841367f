import { expect } from 'chai';
import type { EventFilter } from '../src';
import { ListenerWorld } from './support/listener-world';
import { Received, settled } from './support/received';

describe('event listener filters', () => {
  let world: ListenerWorld;
  beforeEach(() => (world = new ListenerWorld()));
  afterEach(() => world.close());

  const publishMixed = async () => {
    await world.publish('w1', { id: 'a', type: 'io.cadenza.workflow.started' }, { id: 'b', type: 'io.cadenza.task.scheduled' });
    await world.publish('w2', { id: 'c', type: 'io.cadenza.task.attempt.failed', service: 'Bank', workflow: 'Bank' });
    await world.publish('w3', { id: 'd', type: 'io.cadenza.workflow.completed', workflow: 'Order' });
    await world.publish('w4', { id: 'e', type: 'io.cadenza.task.attempt.failed', service: 'Email', workflow: 'Order' });
    await world.publish('w1', { id: 'f', type: 'io.cadenza.workflow.completed' });
  };

  /** The ids of the events a listener with `filter` gets from {@link publishMixed}, once `count` arrived. */
  const passing = async (filter: EventFilter, count: number): Promise<string[]> => {
    const received = new Received();
    await world.listen({ filter, on: { 'io.cadenza': (event) => received.add(event) } });
    await publishMixed();
    await received.atLeast(count);
    await settled();
    return received.ids.sort();
  };

  it('by type prefix: only events whose type has one of the prefixes', async () => {
    expect(await passing({ types: ['io.cadenza.workflow.completed', 'io.cadenza.task.attempt'] }, 4)).to.deep.equal(['c', 'd', 'e', 'f']);
  });

  it('by workflow name: the workflow\'s own events and its tasks\' service events', async () => {
    expect(await passing({ workflows: ['Order'] }, 2)).to.deep.equal(['d', 'e']);
  });

  it('by service name: what the service published', async () => {
    expect(await passing({ services: ['Email'] }, 1)).to.deep.equal(['e']);
  });

  it('workflows or services, and the type on top: every given kind of filter must match', async () => {
    expect(await passing({ types: ['io.cadenza.task'], workflows: ['Bank'], services: ['Email'] }, 3)).to.deep.equal(['b', 'c', 'e']);
  });

  it('applies to batches as to per-type handlers', async () => {
    const received = new Received();
    await world.listen({ filter: { types: ['io.cadenza.workflow'] }, onBatch: (events) => received.add(...events), maxWaitMs: 0 });
    await publishMixed();
    await received.atLeast(3);
    await settled();
    expect(received.ids.sort()).to.deep.equal(['a', 'd', 'f']);
  });
});
