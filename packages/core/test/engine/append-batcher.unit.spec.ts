import { expect } from 'chai';
import { AppendBatcher } from '../../src/engine/append-batcher';
import { ConcurrencyError } from '../../src/errors/concurrency-error';
import type { AppendRequest, HistoryStore, NewEvent } from '../../src/ports/history-store.port';

const event = (type: string): NewEvent => ({ id: type, type, data: {}, metadata: {} });
const base = { capabilities: { durable: false }, read: async () => ({ events: [], revision: 'no-stream' as const }), delete: async () => undefined, close: async () => undefined };

describe('engine/append-batcher', () => {
  it('sends the appends of one turn as one appendMany and answers each caller with its own outcome', async () => {
    const batches: AppendRequest[][] = [];
    const store: HistoryStore = {
      ...base,
      append: async () => {
        throw new Error('append must not be called when appendMany exists');
      },
      appendMany: async (batch) => {
        batches.push([...batch]);
        return batch.map((r) => (r.stream === 'stale' ? { ok: false as const, error: new ConcurrencyError('stale', 0, 3) } : { ok: true as const, revision: r.events.length - 1 }));
      },
    };
    const batcher = new AppendBatcher(store);
    const results = await Promise.allSettled([
      batcher.append('a', [event('1'), event('2')], 'no-stream'),
      batcher.append('stale', [event('1')], 0),
      batcher.append('b', [event('1')], 'no-stream'),
    ]);
    expect(batches.map((b) => b.map((r) => r.stream))).to.deep.equal([['a', 'stale', 'b']]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as { code: string }).code))).to.deep.equal([1, 'CONCURRENCY', 0]);
  });

  it('flushes at the batch size without waiting for the turn to end, and fails every entry when the call fails', async () => {
    const sizes: number[] = [];
    const store: HistoryStore = {
      ...base,
      append: async () => 0,
      appendMany: async (batch) => {
        sizes.push(batch.length);
        throw new Error('database gone');
      },
    };
    const batcher = new AppendBatcher(store, 2);
    const results = await Promise.allSettled([1, 2, 3].map((i) => batcher.append(`s${i}`, [event('x')], 'no-stream')));
    expect(sizes).to.deep.equal([2, 1]);
    expect(results.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'database gone')).to.equal(true);
  });

  it('goes straight to append when the store has no appendMany', async () => {
    const store: HistoryStore = { ...base, append: async (_s, events) => events.length + 41 };
    expect(await new AppendBatcher(store).append('s', [event('x')], 'no-stream')).to.equal(42);
  });
});
