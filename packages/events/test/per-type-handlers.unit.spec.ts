import { expect } from 'chai';
import { ListenerWorld } from './support/listener-world';
import { Received, settled } from './support/received';

describe('event listener per-type handlers', () => {
  let world: ListenerWorld;
  beforeEach(() => (world = new ListenerWorld()));
  afterEach(() => world.close());

  it('hands each event to the handler of the longest matching key, in order, and skips the rest', async () => {
    const completed = new Received();
    const tasks = new Received();
    const attempts = new Received();
    await world.listen({
      on: {
        'io.cadenza.workflow.completed': (event) => completed.add(event),
        'io.cadenza.task': (event) => tasks.add(event),
        'io.cadenza.task.attempt.failed': (event) => attempts.add(event),
      },
    });
    await world.publish('w1', { id: 's', type: 'io.cadenza.workflow.started' }, { id: 't1', type: 'io.cadenza.task.scheduled' });
    await world.publish('w1', { id: 'f1', type: 'io.cadenza.task.attempt.failed' }, { id: 't2', type: 'io.cadenza.task.completed' });
    await world.publish('w1', { id: 'c', type: 'io.cadenza.workflow.completed' });
    await completed.atLeast(1);
    await settled();
    expect(tasks.ids).to.deep.equal(['t1', 't2']);
    expect(attempts.ids).to.deep.equal(['f1']);
    expect(completed.ids).to.deep.equal(['c']);
  });

  it('keeps one workflow\'s events in publish order while others run in parallel', async () => {
    const received = new Received();
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    await world.listen({
      on: {
        'io.cadenza': async (event) => {
          if (event.id === 'w1-0') await blocked; // w1 waits; w2 must not
          received.add(event);
        },
      },
    });
    for (let i = 0; i < 3; i++) await world.publish('w1', { id: `w1-${i}`, type: 'io.cadenza.task.completed' });
    for (let i = 0; i < 3; i++) await world.publish('w2', { id: `w2-${i}`, type: 'io.cadenza.task.completed' });
    await received.atLeast(3);
    await settled();
    expect(received.ids).to.deep.equal(['w2-0', 'w2-1', 'w2-2']);
    release();
    await received.atLeast(6);
    expect(received.ids.slice(3)).to.deep.equal(['w1-0', 'w1-1', 'w1-2']);
  });
});
