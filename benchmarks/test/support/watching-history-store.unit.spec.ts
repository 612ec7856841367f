import { createInMemoryHistoryStore } from '@cadenza/in-memory';
import { expect } from 'chai';
import { waitForEvents, watchingHistoryStore } from '../../src/support/watching-history-store';

const event = (type: string, n: number) => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type, data: { type }, metadata: {} });

describe('watching history store', () => {
  it('resolves once the awaited number of events of a type was appended, and not before', async () => {
    const store = watchingHistoryStore(createInMemoryHistoryStore());
    let done = false;
    const waiting = waitForEvents(store, 'ReceiveStarted', 2).then(() => (done = true));
    await store.append('s1', [event('TaskScheduled', 1), event('ReceiveStarted', 2)], 'no-stream');
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).to.equal(false);
    await store.append('s2', [event('ReceiveStarted', 3)], 'no-stream');
    await waiting;
    expect(done).to.equal(true);
  });

  it('tells nothing about an append the inner store refused', async () => {
    const store = watchingHistoryStore(createInMemoryHistoryStore());
    const seen: string[] = [];
    store.listen((stream) => seen.push(stream));
    await store.append('s', [event('A', 1)], 'no-stream');
    const refused = await store.append('s', [event('A', 2)], 'no-stream').then(() => false, () => true);
    expect(refused).to.equal(true);
    expect(seen).to.deep.equal(['s']);
  });
});
