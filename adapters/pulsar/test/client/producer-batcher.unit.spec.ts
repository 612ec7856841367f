import { expect } from 'chai';
import { type OutgoingMessage, ProducerBatcher, type ReadyBatch } from '../../src/client';

const msg = (text: string, key?: string): OutgoingMessage => ({ payload: Buffer.from(text), ...(key === undefined ? {} : { key }) });
const texts = (b: ReadyBatch) => b.messages.map((m) => Buffer.from(m.payload).toString());

describe('ProducerBatcher', () => {
  it('keeps one batch per key and hands them on at the end of the event-loop turn', async () => {
    const ready: ReadyBatch[] = [];
    const batcher = new ProducerBatcher({ maxMessages: 10, maxDelayMs: 0, maxBytes: 1_000 }, (b) => ready.push(b));
    void batcher.add(msg('a1', 'a'));
    void batcher.add(msg('b1', 'b'));
    void batcher.add(msg('a2', 'a'));
    void batcher.add(msg('n1'));
    expect(ready).to.have.length(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ready.map((b) => [b.key, texts(b)])).to.deep.equal([['a', ['a1', 'a2']], ['b', ['b1']], [undefined, ['n1']]]);
  });

  it('hands a batch on as soon as it is full, by count or by bytes', () => {
    const ready: ReadyBatch[] = [];
    const batcher = new ProducerBatcher({ maxMessages: 2, maxDelayMs: 60_000, maxBytes: 5 }, (b) => ready.push(b));
    void batcher.add(msg('1', 'k'));
    void batcher.add(msg('2', 'k'));
    void batcher.add(msg('123456', 'big'));
    expect(ready.map(texts)).to.deep.equal([['1', '2'], ['123456']]);
    batcher.flush();
  });

  it('resolves each sender with the entry id and its own batch index, or rejects them all', async () => {
    const ready: ReadyBatch[] = [];
    const batcher = new ProducerBatcher({ maxMessages: 3, maxDelayMs: 0, maxBytes: 1_000 }, (b) => ready.push(b));
    const ids = [batcher.add(msg('x', 'k')), batcher.add(msg('y', 'k')), batcher.add(msg('z', 'k'))];
    ready[0]!.resolve({ ledgerId: 4, entryId: 9, batchIndex: -1 });
    expect(await Promise.all(ids)).to.deep.equal([0, 1, 2].map((batchIndex) => ({ ledgerId: 4, entryId: 9, batchIndex })));
    const failing = batcher.add(msg('w', 'k'));
    batcher.flush();
    ready[1]!.reject(new Error('refused'));
    await failing.then(() => expect.fail('should reject'), (error: Error) => expect(error.message).to.equal('refused'));
  });
});
