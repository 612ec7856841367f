import { expect } from 'chai';
import { SignalQueues } from '../../src/engine/signal-queues';

const receive = (seq: number, channel = 'a', extra: { filtered?: true; limit?: number; took?: number[] } = {}) => ({ type: 'ReceiveStarted' as const, seq, channel, ...extra });
const signal = (value: unknown, channel = 'a', seq?: number) => ({ type: 'SignalReceived' as const, channel, value, ...(seq !== undefined ? { seq } : {}) });

describe('engine/signal-queues', () => {
  it('gives a signal to the oldest receive waiting on its channel, and buffers one nobody waits for', () => {
    const queues = new SignalQueues();
    expect(queues.receiveStarted(receive(1))).to.deep.equal([]);
    expect(queues.receiveStarted(receive(2))).to.deep.equal([]);
    expect(queues.waiting()).to.deep.equal([1, 2]);
    expect(queues.signalReceived(signal('for b', 'b'))).to.equal(undefined);
    expect(queues.signalReceived(signal('first'))?.seq).to.equal(1);
    expect(queues.waiting()).to.deep.equal([2]);
    expect(queues.buffered()).to.deep.equal({ b: ['for b'] });
  });

  it('hands buffered values to later receives, oldest first, and up to its limit to a receive with one', () => {
    const queues = new SignalQueues();
    for (const value of ['x', 'y', 'z', 'w']) queues.signalReceived(signal(value));
    expect(queues.receiveStarted(receive(1)).map((s) => s.value)).to.deep.equal(['x']);
    expect(queues.receiveStarted(receive(2, 'a', { limit: 2 })).map((s) => s.value)).to.deep.equal(['y', 'z']);
    expect(queues.receiveStarted(receive(3, 'a', { limit: 5 })).map((s) => s.value)).to.deep.equal(['w']);
    expect(queues.receiveStarted(receive(4))).to.deep.equal([]);
    expect(queues.buffered()).to.deep.equal({});
    expect(queues.waiting()).to.deep.equal([4]);
  });

  it('numbers signals in arrival order; a filtered receive takes only the ones its ReceiveStarted lists', () => {
    const queues = new SignalQueues();
    for (const value of [1, 2, 3]) queues.signalReceived(signal(value));
    expect(queues.bufferedOf('a').map((s) => s.n)).to.deep.equal([0, 1, 2]);
    expect(queues.receiveStarted(receive(1, 'a', { filtered: true, took: [1] })).map((s) => s.value)).to.deep.equal([2]);
    expect(queues.receiveStarted(receive(2, 'a', { filtered: true }))).to.deep.equal([]);
    expect(queues.buffered()).to.deep.equal({ a: [1, 3] });
    expect(queues.nextSignal).to.equal(3);
  });

  it('gives a signal without seq to the oldest receive without a filter, and one with seq to that receive', () => {
    const queues = new SignalQueues();
    queues.receiveStarted(receive(1, 'a', { filtered: true }));
    queues.receiveStarted(receive(2));
    expect(queues.signalReceived(signal('plain'))?.seq).to.equal(2);
    expect(queues.signalReceived(signal('picked', 'a', 1))?.seq).to.equal(1);
    expect(queues.waiting()).to.deep.equal([]);
    queues.receiveStarted(receive(3, 'a', { filtered: true }));
    expect(queues.signalReceived(signal('nobody'))).to.equal(undefined);
    expect(queues.buffered()).to.deep.equal({ a: ['nobody'] });
  });

  it('passes over a receive that left its line, and takes a receive started again back in line once', () => {
    const queues = new SignalQueues();
    queues.receiveStarted(receive(1));
    queues.receiveStarted(receive(2));
    queues.leave('a', 1);
    queues.leave('a', 9);
    queues.receiveStarted(receive(2));
    expect(queues.waiting()).to.deep.equal([2]);
    expect(queues.signalReceived(signal('x'))?.seq).to.equal(2);
    expect(queues.waiting()).to.deep.equal([]);
    queues.receiveStarted(receive(1));
    expect(queues.waiting()).to.deep.equal([1]);
  });
});
