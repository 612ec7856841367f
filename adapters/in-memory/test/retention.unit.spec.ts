import { ConfigError, type Delivery, type StartPosition } from '@cadenza/core';
import { expect } from 'chai';
import { createInMemoryTransport, defaultInMemoryBroker, InMemoryBroker, type InMemoryRetention, inMemoryTransportModule, ManualClock } from '../src';
import { signal, signalValue } from './support/envelope';

const flush = () => new Promise((resolve) => setImmediate(resolve));
const EVENTS = 'ns.events';

/** A transport on a broker of its own with `retention`, and helpers that read what a group got. */
const setUp = (retention: Partial<InMemoryRetention> = {}, clock = new ManualClock(1_000)) => {
  const transport = createInMemoryTransport({ broker: new InMemoryBroker(clock, { retention }) });
  const publish = async (topic: string, ...values: string[]) => {
    for (const value of values) await transport.publish(topic, signal(value), { key: 'k' });
  };
  const read = async (topic: string, group: string, start?: StartPosition): Promise<unknown[]> => {
    const got: Delivery[] = [];
    await transport.subscribe(topic, group, async (d) => void got.push(d), { order: 'per-key', deadLetterTopic: 'dlq', ...(start ? { start } : {}) });
    await flush();
    return got.map((d) => signalValue(d.envelope));
  };
  return { clock, transport, publish, read };
};

describe('in-memory retained log', () => {
  it('keeps the last maxMessages of an events topic for a group created later', async () => {
    const { transport, publish, read } = setUp({ maxMessages: 2 });
    expect(await read(EVENTS, 'first')).to.deep.equal([]);
    await publish(EVENTS, 'a', 'b', 'c');
    expect(await read(EVENTS, 'late')).to.deep.equal(['b', 'c']);
    await transport.close();
  });

  it('drops what is older than maxAgeMs, on the next publish or subscribe', async () => {
    const { clock, transport, publish, read } = setUp({ maxAgeMs: 60_000 });
    await read(EVENTS, 'first');
    await publish(EVENTS, 'old');
    clock.advance(30_000);
    await publish(EVENTS, 'newer');
    clock.advance(30_001);
    expect(await read(EVENTS, 'late')).to.deep.equal(['newer']);
    await transport.close();
  });

  it('reads from a time by when messages reached the topic, a delayed one when it fell due', async () => {
    const { clock, transport, publish, read } = setUp();
    await read(EVENTS, 'first');
    await publish(EVENTS, 'at 1000');
    await transport.publish(EVENTS, signal('due at 3000'), { key: 'd', deliverAt: 3_000 });
    clock.advance(1_000);
    await publish(EVENTS, 'at 2000');
    clock.advance(1_000);
    expect(await read(EVENTS, 'from-2000', { from: 'time', time: 2_000 })).to.deep.equal(['at 2000', 'due at 3000']);
    expect(await read(EVENTS, 'from-2001', { from: 'time', time: 2_001 })).to.deep.equal(['due at 3000']);
    await transport.close();
  });

  it("keeps no acknowledged message of other topics by default, and all of them with topics: 'all'", async () => {
    for (const [topics, expected] of [['events', []], ['all', ['a']]] as const) {
      const { transport, publish, read } = setUp({ topics });
      await read('ns.workflow.W', 'engine');
      await publish('ns.workflow.W', 'a');
      expect(await read('ns.workflow.W', 'late'), topics).to.deep.equal(expected);
      await transport.close();
    }
  });

  it('hands a topic with no group yet everything it got to its first group, whatever the limits', async () => {
    const { clock, transport, publish, read } = setUp({ maxMessages: 1, maxAgeMs: 10 });
    await publish('ns.workflow.W', 'a', 'b');
    await publish(EVENTS, 'c', 'd');
    clock.advance(1_000);
    expect(await read('ns.workflow.W', 'engine')).to.deep.equal(['a', 'b']);
    expect(await read(EVENTS, 'listener')).to.deep.equal(['c', 'd']);
    expect(await read(EVENTS, 'late')).to.deep.equal([]);
    await transport.close();
  });

  it('a first group starting at latest or a time skips what waited for it', async () => {
    const { clock, transport, publish, read } = setUp();
    await publish('ns.workflow.A', 'a');
    await publish('ns.workflow.B', 'b-at-1000');
    clock.advance(1_000);
    await publish('ns.workflow.B', 'b-at-2000');
    expect(await read('ns.workflow.A', 'engine', { from: 'latest' })).to.deep.equal([]);
    expect(await read('ns.workflow.B', 'engine', { from: 'time', time: 1_500 })).to.deep.equal(['b-at-2000']);
    await transport.close();
  });

  it('refuses a retention it cannot keep with a ConfigError naming the field', () => {
    expect(() => new InMemoryBroker(new ManualClock(), { retention: { maxMessages: -1 } })).to.throw(ConfigError, /retention\.maxMessages/);
    expect(() => new InMemoryBroker(new ManualClock(), { retention: { maxAgeMs: 1.5 } })).to.throw(ConfigError, /retention\.maxAgeMs/);
    expect(() => new InMemoryBroker(new ManualClock(), { retention: { topics: 'some' as 'all' } })).to.throw(ConfigError, /retention\.topics/);
  });

  it('takes retention from the transport config, and refuses a second one for the process-wide broker', () => {
    const kept = defaultInMemoryBroker().retention;
    expect(() => inMemoryTransportModule({ type: 'in-memory', retention: { maxMessages: kept.maxMessages } })).not.to.throw();
    expect(() => inMemoryTransportModule({ type: 'in-memory', retention: { maxMessages: kept.maxMessages + 1 } }))
      .to.throw(ConfigError, /transport\.retention\.maxMessages/);
    expect(() => inMemoryTransportModule({ type: 'in-memory', retention: { maxAgeMs: -5 } })).to.throw(ConfigError, /transport\.retention\.maxAgeMs/);
  });
});
