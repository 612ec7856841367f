import { ManualClock } from '@cadenza/in-memory';
import { expect } from 'chai';
import type { CadenzaCloudEvent } from '../src/cadenza-cloud-event';
import type { FakeEvent } from './support/fake-catalogue';
import { ListenerWorld } from './support/listener-world';
import { settled } from './support/received';

const completed = (id: string): FakeEvent => ({ id, type: 'io.cadenza.task.completed' });

describe('event listener batches', () => {
  let world: ListenerWorld;
  let clock: ManualClock;
  let batches: string[][];
  const onBatch = (events: CadenzaCloudEvent[]) => {
    batches.push(events.map((e) => e.id));
  };
  beforeEach(() => {
    world = new ListenerWorld();
    clock = new ManualClock(1_000);
    batches = [];
  });
  afterEach(() => world.close());

  it('calls the handler once with maxEvents events as soon as that many are there', async () => {
    await world.listen({ onBatch, maxEvents: 3, maxWaitMs: 60_000, clock });
    for (let i = 0; i < 7; i++) await world.publish(`w${i}`, completed(`e${i}`));
    await settled();
    expect(batches.map((b) => b.length)).to.deep.equal([3, 3]);
    expect(batches.flat().sort()).to.have.length(6);
  });

  it('hands over a batch that is not full once maxWaitMs passed since its first event, not before', async () => {
    await world.listen({ onBatch, maxEvents: 100, maxWaitMs: 200, clock });
    await world.publish('w1', completed('a'));
    await world.publish('w2', completed('b'));
    await settled();
    clock.advance(199);
    await settled();
    expect(batches).to.deep.equal([]);
    clock.advance(1);
    await settled();
    expect(batches.map((b) => [...b].sort())).to.deep.equal([['a', 'b']]);
  });

  it('splits a delivery with more events than maxEvents over batches, and acknowledges it after the last', async () => {
    await world.listen({ onBatch, maxEvents: 2, maxWaitMs: 500, clock });
    await world.publish('w1', completed('a'), completed('b'), completed('c'));
    await world.publish('w1', completed('d'));
    await settled();
    expect(batches).to.deep.equal([['a', 'b']]);
    clock.advance(500); // seals [c]; only once it is handled is the first delivery acknowledged and w1's next one delivered
    await settled();
    expect(batches).to.deep.equal([['a', 'b'], ['c']]);
    clock.advance(500);
    await settled();
    expect(batches).to.deep.equal([['a', 'b'], ['c'], ['d']]);
  });

  it('runs one batch at a time, in the order they filled', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    let running = 0;
    let most = 0;
    await world.listen({
      onBatch: async (events) => {
        running++;
        most = Math.max(most, running);
        if (batches.length === 0) await blocked;
        batches.push(events.map((e) => e.id));
        running--;
      },
      maxEvents: 2, maxWaitMs: 60_000, clock,
    });
    for (let i = 0; i < 6; i++) await world.publish(`w${i}`, completed(`e${i}`));
    await settled();
    expect(batches).to.deep.equal([]);
    release();
    await settled();
    expect(batches.map((b) => b.length)).to.deep.equal([2, 2, 2]);
    expect(most).to.equal(1);
  });
});
