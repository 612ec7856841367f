import { expect } from 'chai';
import { SignalQueues } from '../../src/engine/signal-queues';

describe('engine/signal-queues', () => {
  it('gives a signal to the oldest receive waiting on its channel, and buffers one nobody waits for', () => {
    const queues = new SignalQueues();
    expect(queues.receive('a', 1)).to.equal(undefined);
    expect(queues.receive('a', 2)).to.equal(undefined);
    expect(queues.waiting()).to.deep.equal([1, 2]);
    expect(queues.deliver('b', 'for b')).to.equal(undefined);
    expect(queues.deliver('a', 'first')).to.equal(1);
    expect(queues.waiting()).to.deep.equal([2]);
    expect(queues.buffered()).to.deep.equal({ b: ['for b'] });
  });

  it('hands buffered values to later receives, oldest first', () => {
    const queues = new SignalQueues();
    queues.deliver('a', 'x');
    queues.deliver('a', 'y');
    expect(queues.receive('a', 1)).to.deep.equal({ value: 'x' });
    expect(queues.receive('a', 2)).to.deep.equal({ value: 'y' });
    expect(queues.receive('a', 3)).to.equal(undefined);
    expect(queues.buffered()).to.deep.equal({});
  });

  it('passes over a receive that left its line', () => {
    const queues = new SignalQueues();
    queues.receive('a', 1);
    queues.receive('a', 2);
    queues.leave('a', 1);
    queues.leave('a', 9);
    expect(queues.deliver('a', 'x')).to.equal(2);
    expect(queues.waiting()).to.deep.equal([]);
  });
});
