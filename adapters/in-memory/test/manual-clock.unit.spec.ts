import { type Delivery } from '@cadenza/core';
import { signal, signalValue } from './support/envelope';
import { expect } from 'chai';
import { createInMemoryTransport, InMemoryBroker, ManualClock } from '../src';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('in-memory transport on an injected clock', () => {
  it('holds a delayed message until the clock reaches deliverAt', async () => {
    const clock = new ManualClock(1_000);
    const transport = createInMemoryTransport({ broker: new InMemoryBroker(clock) });
    const got: Delivery[] = [];
    await transport.subscribe('t', 'g', async (d) => void got.push(d), { order: 'per-key', deadLetterTopic: 'dlq' });
    await transport.publish('t', signal('a day later'), { key: 'k', deliverAt: 1_000 + 86_400_000 });
    await transport.publish('t', signal('a minute later'), { key: 'k', deliverAt: 1_000 + 60_000 });
    clock.advance(59_999);
    await flush();
    expect(got).to.deep.equal([]);
    clock.advance(1);
    await flush();
    expect(got.map((d) => signalValue(d.envelope))).to.deep.equal(['a minute later']);
    clock.advance(86_400_000);
    await flush();
    expect(got.map((d) => signalValue(d.envelope))).to.deep.equal(['a minute later', 'a day later']);
    await transport.close();
  });

  it('waits redeliveryDelayMs on the clock before handing a rejected message over again', async () => {
    const clock = new ManualClock(0);
    const transport = createInMemoryTransport({ broker: new InMemoryBroker(clock) });
    const counts: number[] = [];
    await transport.subscribe('t', 'g', async (d) => {
      counts.push(d.deliveryCount);
      if (d.deliveryCount === 1) throw new Error('first time fails');
    }, { order: 'per-key', deadLetterTopic: 'dlq', redeliveryDelayMs: 5_000 });
    await transport.publish('t', signal('x'), { key: 'k' });
    await flush();
    expect(counts).to.deep.equal([1]);
    clock.advance(4_999);
    await flush();
    expect(counts).to.deep.equal([1]);
    clock.advance(1);
    await flush();
    await flush();
    expect(counts).to.deep.equal([1, 2]);
    await transport.close();
  });
});
