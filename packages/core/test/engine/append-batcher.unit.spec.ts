import { expect } from 'chai';
import { AppendBatcher } from '../../src/engine/append-batcher';
import { ConcurrencyError } from '../../src/errors/concurrency-error';
import type { AppendRequest, HistoryStore, NewEvent } from '../../src/ports/history-store.port';

const event = (type: string): NewEvent => ({ id: type, type, data: {}, metadata: {} });
const base = { capabilities: { durable: false }, read: async () => ({ events: [], revision: 'no-stream' as const }), delete: async () => undefined, sweep: async () => 0, close: async () => undefined };

describe('engine/append-batcher', () => {
  it('sends an append at once (alone, as a plain append) while a slot is free, groups those that wait, and answers each caller with its own outcome', async () => {
    const batches: AppendRequest[][] = [];
    const store: HistoryStore = {
      ...base,
      append: async (stream, events) => {
        batches.push([{ stream, events, expected: 'no-stream' }]);
        return events.length - 1;
      },
      appendMany: async (batch) => {
        batches.push([...batch]);
        await new Promise((resolve) => setImmediate(resolve));
        return batch.map((r) => (r.stream === 'stale' ? { ok: false as const, error: new ConcurrencyError('stale', 0, 3) } : { ok: true as const, revision: r.events.length - 1 }));
      },
    };
    const batcher = new AppendBatcher(store, 1);
    const results = await Promise.allSettled([
      batcher.append('a', [event('1'), event('2')], 'no-stream'),
      batcher.append('stale', [event('1')], 0),
      batcher.append('b', [event('1')], 'no-stream'),
    ]);
    expect(batches.map((b) => b.map((r) => r.stream))).to.deep.equal([['a'], ['stale', 'b']]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as { code: string }).code))).to.deep.equal([1, 'CONCURRENCY', 0]);
  });

  it('splits a long queue at the batch size, and fails every entry of a batch whose call fails', async () => {
    const sizes: number[] = [];
    const store: HistoryStore = {
      ...base,
      append: async () => {
        sizes.push(1);
        throw new Error('database gone');
      },
      appendMany: async (batch) => {
        sizes.push(batch.length);
        throw new Error('database gone');
      },
    };
    const batcher = new AppendBatcher(store, 1, 2);
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => batcher.append(`s${i}`, [event('x')], 'no-stream')));
    expect(sizes).to.deep.equal([1, 2, 1]);
    expect(results.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'database gone')).to.equal(true);
  });

  it('goes straight to append when the store has no appendMany', async () => {
    const store: HistoryStore = { ...base, append: async (_s, events) => events.length + 41 };
    expect(await new AppendBatcher(store).append('s', [event('x')], 'no-stream')).to.equal(42);
  });
});
