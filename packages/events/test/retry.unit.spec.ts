import { ManualClock } from '@cadenza/in-memory';
import { expect } from 'chai';
import type { CadenzaCloudEvent } from '../src/cadenza-cloud-event';
import { ListenerWorld } from './support/listener-world';
import { settled } from './support/received';

describe('event listener: a handler that throws', () => {
  let world: ListenerWorld;
  let clock: ManualClock;
  beforeEach(() => {
    world = new ListenerWorld();
    clock = new ManualClock(0);
  });
  afterEach(() => world.close());

  it('is retried after a capped, doubling backoff, forever, and the events behind it wait', async () => {
    const calls: string[] = [];
    let failures = 6;
    await world.listen({
      on: {
        'io.cadenza': (event: CadenzaCloudEvent) => {
          calls.push(event.id);
          if (event.id === 'a' && failures-- > 0) throw new Error('audit table is down');
        },
      },
      retry: { initialDelayMs: 100, maxDelayMs: 400 }, clock,
    });
    await world.publish('w1', { id: 'a', type: 'io.cadenza.task.completed' });
    await world.publish('w1', { id: 'b', type: 'io.cadenza.task.completed' });
    await settled();
    const attemptsAfter = async (ms: number) => {
      clock.advance(ms);
      await settled();
      return calls.filter((id) => id === 'a').length;
    };
    expect(calls).to.deep.equal(['a']);
    expect(await attemptsAfter(99)).to.equal(1);
    expect(await attemptsAfter(1)).to.equal(2); // 100
    expect(await attemptsAfter(199)).to.equal(2);
    expect(await attemptsAfter(1)).to.equal(3); // 200
    expect(await attemptsAfter(400)).to.equal(4); // 400, the cap
    expect(await attemptsAfter(400)).to.equal(5);
    expect(await attemptsAfter(400)).to.equal(6);
    expect(calls).to.not.include('b');
    expect(await attemptsAfter(400)).to.equal(7); // succeeds
    await settled();
    expect(calls.slice(-2)).to.deep.equal(['a', 'b']);
  });

  it('logs each failure with the event id, type and next wait, and never the event data', async () => {
    let failed = false;
    await world.listen({
      on: { 'io.cadenza': () => {
        if (!failed) {
          failed = true;
          throw new TypeError('cannot read amount');
        }
      } },
      clock,
    });
    await world.publish('w1', { id: 'secret-bearing', type: 'io.cadenza.task.completed' });
    await settled();
    const line = world.logger.lines.find((l) => l.level === 'warn');
    expect(line?.message).to.equal('event handler threw; retrying');
    expect(line?.fields).to.deep.include({ eventId: 'secret-bearing', type: 'io.cadenza.task.completed', attempt: 1, retryInMs: 100 });
    expect(line?.fields).to.deep.include({ error: { name: 'TypeError', message: 'cannot read amount' } });
    expect(JSON.stringify(world.logger.lines)).to.not.contain('hunter2');
  });

  it('in a batch: the same batch is called again until it succeeds, then every delivery is acknowledged', async () => {
    const calls: string[][] = [];
    await world.listen({
      onBatch: (events) => {
        calls.push(events.map((e) => e.id));
        if (calls.length < 3) throw new Error('warehouse busy');
      },
      maxEvents: 2, maxWaitMs: 1_000, clock,
    });
    await world.publish('w1', { id: 'a', type: 'io.cadenza.task.completed' });
    await world.publish('w2', { id: 'b', type: 'io.cadenza.task.completed' });
    await world.publish('w1', { id: 'c', type: 'io.cadenza.task.completed' });
    await settled();
    clock.advance(100);
    await settled();
    clock.advance(200);
    await settled();
    expect(calls.map((ids) => [...ids].sort())).to.deep.equal([['a', 'b'], ['a', 'b'], ['a', 'b']]);
    clock.advance(1_000); // w1's next delivery came only after the acknowledgement
    await settled();
    expect(calls[3]).to.deep.equal(['c']);
  });
});
