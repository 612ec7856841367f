import { type Delivery } from '@cadenza/core';
import { eventually, freshName, testEnvelope, valueOf } from '@cadenza/conformance';
import { expect } from 'chai';
import { createPulsarTransport, delayTopic, PULSAR_MAX_MESSAGE_BYTES, type PulsarTransport } from '../src';
import { brokerOptions } from './support/broker';

const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error & { code?: string; retriable?: boolean });

describe('Pulsar transport specifics', function () {
  this.timeout(30_000);
  const open: PulsarTransport[] = [];
  const transport = (extra: Parameters<typeof brokerOptions>[0] = {}) => {
    const t = createPulsarTransport(brokerOptions(extra));
    open.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.close()));
  });

  it('fails publish and subscribe with a TransportError when the broker is unreachable', async () => {
    const t = transport({ serviceUrl: 'pulsar://127.0.0.1:1', operationTimeoutMs: 1_000, connectTimeoutMs: 300 });
    const published = await errorOf(t.publish(freshName('t'), testEnvelope(1)));
    expect([published?.code, published?.retriable]).to.deep.equal(['TRANSPORT', true]);
    expect(published?.message).to.match(/unreachable/);
    const subscribed = await errorOf(t.subscribe(freshName('t'), 'g', async () => undefined, { order: 'none', deadLetterTopic: 'dlq' }));
    expect(subscribed?.code).to.equal('TRANSPORT');
  });

  it('fails at once, not retriable, when the broker refuses the topic', async () => {
    const t = transport({ namespace: 'no-such-namespace' });
    const error = await errorOf(t.publish(freshName('t'), testEnvelope(1)));
    expect([error?.code, error?.retriable]).to.deep.equal(['TRANSPORT', false]);
    expect(error?.message).to.match(/TopicNotFound/);
  });

  it('refuses an envelope over the size limit before sending it', async () => {
    const t = transport();
    const error = await errorOf(t.publish(freshName('t'), testEnvelope('x'.repeat(PULSAR_MAX_MESSAGE_BYTES))));
    expect(error?.code).to.equal('PAYLOAD_TOO_LARGE');
  });

  it('forwards a delayed message published before anyone subscribed, once a subscriber starts the forwarder', async () => {
    const publisher = transport();
    const topic = freshName('t');
    await publisher.publish(topic, testEnvelope('early and delayed'), { key: 'k', deliverAt: Date.now() + 200 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const got: unknown[] = [];
    await transport().subscribe(topic, freshName('g'), async (d) => void got.push(valueOf(d.envelope)), { order: 'per-key', deadLetterTopic: freshName('dlq') });
    await eventually(() => expect(got).to.deep.equal(['early and delayed']), { timeoutMs: 10_000 });
    expect(delayTopic(topic)).to.equal(`${topic}__delayed`);
  });

  it('gives each key to one of two processes in a group, in order', async () => {
    const topic = freshName('t');
    const group = freshName('g');
    const deadLetterTopic = freshName('dlq');
    const owners = new Map<string, Set<string>>();
    const order = new Map<string, number[]>();
    for (const name of ['a', 'b']) {
      await transport().subscribe(topic, group, async (d: Delivery) => {
        owners.set(d.key!, (owners.get(d.key!) ?? new Set()).add(name));
        order.set(d.key!, [...(order.get(d.key!) ?? []), valueOf(d.envelope) as number]);
      }, { order: 'per-key', concurrency: 4, deadLetterTopic });
    }
    const publisher = transport();
    for (let i = 0; i < 80; i++) await publisher.publish(topic, testEnvelope(i), { key: `key-${i % 8}` });
    await eventually(() => expect([...order.values()].flat()).to.have.length(80), { timeoutMs: 20_000 });
    for (const [key, values] of order) {
      expect(owners.get(key)!.size, key).to.equal(1);
      expect(values).to.deep.equal([...values].sort((x, y) => x - y));
    }
  });
});
