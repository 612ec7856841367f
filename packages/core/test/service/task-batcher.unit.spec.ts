import { expect } from 'chai';
import { type BatchSettled, TaskBatcher } from '../../src/service/task-batcher';
import { steppedClock } from '../support/fakes';
import { turn } from '../support/history';

/** A batcher whose handler doubles each item and records the batches it saw. */
const doubling = (maxMessages: number, maxMs: number, fail?: (items: readonly number[]) => boolean) => {
  const { clock, advance, pending } = steppedClock(1_000);
  const batches: number[][] = [];
  const batcher = new TaskBatcher<number, number>({
    maxMessages, maxMs, clock,
    run: async (items) => {
      batches.push([...items]);
      if (fail?.(items)) throw new Error('whole batch down');
      return items.map((item) => item * 2);
    },
  });
  return { batcher, batches, advance, timers: pending };
};

const values = (settled: ReadonlyArray<BatchSettled<number>>) => settled.map((s) => (s.kind === 'item' ? s.outcome : s.kind));

describe('service/task-batcher', () => {
  it('runs a batch as soon as it holds maxMessages items, each item getting its own outcome', async () => {
    const { batcher, batches, timers } = doubling(3, 50);
    const settled = await Promise.all([1, 2, 3].map((n) => batcher.submit('', n)));
    expect(batches).to.deep.equal([[1, 2, 3]]);
    expect(values(settled)).to.deep.equal([2, 4, 6]);
    expect(timers(), 'the full batch canceled its timer').to.equal(0);
  });

  it('runs a partial batch maxMs after its first item, not before', async () => {
    const { batcher, batches, advance } = doubling(10, 50);
    const first = batcher.submit('', 1);
    advance(20);
    const second = batcher.submit('', 2);
    advance(29);
    await turn();
    expect(batches).to.deep.equal([]);
    advance(1);
    expect(values(await Promise.all([first, second]))).to.deep.equal([2, 4]);
    expect(batches).to.deep.equal([[1, 2]]);
  });

  it('splits a full batch from the next: the item after maxMessages opens a new batch', async () => {
    const { batcher, batches, advance } = doubling(2, 50);
    const settled = [1, 2, 3].map((n) => batcher.submit('', n));
    expect(batcher.pending).to.equal(1);
    advance(50);
    expect(values(await Promise.all(settled))).to.deep.equal([2, 4, 6]);
    expect(batches).to.deep.equal([[1, 2], [3]]);
  });

  it('never mixes keys: each key fills and flushes its own batch', async () => {
    const { batcher, batches, advance } = doubling(2, 50);
    const settled = [batcher.submit('a', 1), batcher.submit('b', 10), batcher.submit('a', 2)];
    expect(batches).to.deep.equal([[1, 2]]);
    advance(50);
    expect(values(await Promise.all(settled))).to.deep.equal([2, 20, 4]);
    expect(batches).to.deep.equal([[1, 2], [10]]);
  });

  it('answers batch-failed to every item of a batch whose run threw, and keeps running later batches', async () => {
    const { batcher } = doubling(2, 50, (items) => items.includes(1));
    const failed = await Promise.all([batcher.submit('', 1), batcher.submit('', 2)]);
    expect(failed.map((s) => s.kind)).to.deep.equal(['batch-failed', 'batch-failed']);
    expect((failed[0] as { error: Error }).error.message).to.equal('whole batch down');
    expect(values(await Promise.all([batcher.submit('', 3), batcher.submit('', 4)]))).to.deep.equal([6, 8]);
  });

  it('on stop, runs the open batches at once and waits for no timer afterwards', async () => {
    const { batcher, batches, timers } = doubling(10, 60_000);
    const open = [batcher.submit('a', 1), batcher.submit('b', 2)];
    batcher.stop();
    expect(values(await Promise.all(open))).to.deep.equal([2, 4]);
    expect(timers()).to.equal(0);
    const late = await Promise.all([batcher.submit('a', 3), batcher.submit('a', 4)]);
    expect(values(late)).to.deep.equal([6, 8]);
    expect(batches).to.deep.equal([[1], [2], [3, 4]]);
    expect(timers()).to.equal(0);
  });
});
