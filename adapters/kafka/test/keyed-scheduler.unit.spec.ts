import { expect } from 'chai';
import { KeyedScheduler, type RunOutcome } from '../src/consume/keyed-scheduler';

interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}
const gate = (): Gate => {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
};
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedScheduler', () => {
  it('runs one item of a lane at a time, in order, and lanes in parallel up to the concurrency', async () => {
    const gates = new Map<string, Gate>();
    const started: string[] = [];
    const scheduler = new KeyedScheduler<string>({
      concurrency: 2,
      run: async (item) => {
        started.push(item);
        const g = gate();
        gates.set(item, g);
        await g.promise;
        return 'done';
      },
    });
    scheduler.push('a', 'a1');
    scheduler.push('a', 'a2');
    scheduler.push('b', 'b1');
    scheduler.push('c', 'c1');
    await turn();
    expect(started).to.deep.equal(['a1', 'b1']);
    gates.get('a1')!.open();
    await turn();
    expect(started).to.deep.equal(['a1', 'b1', 'c1']);
    gates.get('b1')!.open();
    await turn();
    expect(started).to.deep.equal(['a1', 'b1', 'c1', 'a2']);
    gates.get('c1')!.open();
    gates.get('a2')!.open();
    await scheduler.idle();
    expect(scheduler.size).to.equal(0);
  });

  it('retries an item at the head of its lane without holding a slot', async () => {
    const log: string[] = [];
    let tries = 0;
    const done = gate();
    const scheduler = new KeyedScheduler<string>({
      concurrency: 1,
      run: async (item): Promise<RunOutcome> => {
        log.push(item);
        if (item === 'k1' && ++tries < 3) return { retryAfterMs: 20 };
        if (log.length === 5) done.open();
        return 'done';
      },
    });
    scheduler.push('k', 'k1');
    scheduler.push('k', 'k2');
    scheduler.push('other', 'o1');
    await done.promise;
    expect(log.filter((i) => i.startsWith('k'))).to.deep.equal(['k1', 'k1', 'k1', 'k2']);
    expect(log.indexOf('o1'), 'the other lane ran while k1 waited').to.be.lessThan(log.lastIndexOf('k1'));
  });

  it('drops what has not started, keeps what runs, and queues new items behind it', async () => {
    const running = gate();
    const started: string[] = [];
    const scheduler = new KeyedScheduler<string>({
      concurrency: 1,
      run: async (item) => {
        started.push(item);
        if (item === 'a1') await running.promise;
        return 'done';
      },
    });
    scheduler.push('a', 'a1');
    scheduler.push('a', 'a2');
    scheduler.push('b', 'b1');
    await turn();
    expect(scheduler.dropPending()).to.have.members(['a2', 'b1']);
    scheduler.push('a', 'a2-again');
    await turn();
    expect(started, 'a2-again waits for a1').to.deep.equal(['a1']);
    running.open();
    await turn();
    await scheduler.idle();
    expect(started).to.deep.equal(['a1', 'a2-again']);
  });

  it('stop waits for what runs and starts nothing more', async () => {
    const running = gate();
    const started: string[] = [];
    const scheduler = new KeyedScheduler<string>({
      concurrency: 1,
      run: async (item) => {
        started.push(item);
        await running.promise;
        return 'done';
      },
    });
    scheduler.push('a', 'a1');
    scheduler.push('b', 'b1');
    await turn();
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await turn();
    expect(stopped).to.equal(false);
    running.open();
    await stopping;
    scheduler.push('c', 'c1');
    await turn();
    expect(started).to.deep.equal(['a1']);
  });
});
