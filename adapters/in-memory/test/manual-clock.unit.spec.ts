import { type Delivery, TransportError } from '@cadenza/core';
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
  it('backs off 100, 200, 400 … ms up to 30 s by default, and never dead-letters a transient failure', async () => {
    const clock = new ManualClock(0);
    const transport = createInMemoryTransport({ broker: new InMemoryBroker(clock) });
    const at: number[] = [];
    const dead: Delivery[] = [];
    await transport.subscribe('t', 'g', async () => {
      at.push(clock.now());
      if (at.length <= 12) throw new TransportError('store unavailable', true);
    }, { order: 'per-key', deadLetterTopic: 'dlq', maxDeliveries: 2 });
    await transport.subscribe('dlq', 'reader', async (d) => void dead.push(d), { order: 'none', deadLetterTopic: 'unused' });
    await transport.publish('t', signal('x'), { key: 'k' });
    // Steps of 100 ms, the smallest wait, so each delivery is seen at the exact time it became due.
    for (let i = 0; i < 2_000 && at.length < 13; i++) {
      await flush();
      clock.advance(100);
    }
    await flush();
    const waits = at.slice(1).map((time, i) => time - at[i]!);
    expect(waits).to.deep.equal([100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 30_000, 30_000, 30_000]);
    expect(dead).to.deep.equal([]);
    await transport.close();
  });
});
