import { eventually, freshName } from '@cadenza/conformance';
import { expect } from 'chai';
import { type ConsumerMessage, createPulsarClient, type PulsarClient } from '../../src/client';
import { SERVICE_URL } from '../support/broker';

const text = (m: ConsumerMessage) => Buffer.from(m.payload).toString();

describe('Pulsar client against the broker', function () {
  this.timeout(30_000);
  let client: PulsarClient;
  beforeEach(() => {
    client = createPulsarClient({ serviceUrl: SERVICE_URL, operationTimeoutMs: 5_000 });
  });
  afterEach(() => client.close());

  it('produces and consumes with key, properties and event time; acked messages are not redelivered', async () => {
    const topic = freshName('client');
    const got: ConsumerMessage[] = [];
    const consumer = await client.subscribe({
      topic, subscription: 's', subscriptionType: 'Shared', onMessage: (m) => { got.push(m); consumer.ack(m); },
    });
    const producer = await client.createProducer(topic);
    const id = await producer.send({ payload: Buffer.from('hello'), key: 'k1', properties: { a: 'b' }, eventTime: 1234 });
    expect(id.ledgerId).to.be.a('number');
    await eventually(() => expect(got).to.have.length(1));
    expect([text(got[0]!), got[0]!.key, got[0]!.properties, got[0]!.eventTime, got[0]!.redeliveryCount]).to.deep.equal(['hello', 'k1', { a: 'b' }, 1234, 0]);
    expect(got[0]!.topic).to.equal(client.topicName(topic));
    await consumer.close();
    const again: ConsumerMessage[] = [];
    await client.subscribe({ topic, subscription: 's', subscriptionType: 'Shared', onMessage: (m) => void again.push(m) });
    await producer.send({ payload: Buffer.from('second') });
    await eventually(() => expect(again.map(text)).to.deep.equal(['second']));
  });

  it('redelivers a negatively acknowledged message with redelivery_count one higher', async () => {
    const topic = freshName('client');
    const counts: number[] = [];
    const consumer = await client.subscribe({
      topic, subscription: 's', subscriptionType: 'Shared',
      onMessage: (m) => {
        counts.push(m.redeliveryCount);
        if (m.redeliveryCount < 2) consumer.negativeAck(m);
        else consumer.ack(m);
      },
    });
    await (await client.createProducer(topic)).send({ payload: Buffer.from('x') });
    await eventually(() => expect(counts).to.deep.equal([0, 1, 2]));
  });

  it('holds back a message with deliver_at_time on a Shared subscription until it is due', async () => {
    const topic = freshName('client');
    const got: Array<{ text: string; at: number }> = [];
    const consumer = await client.subscribe({
      topic, subscription: 's', subscriptionType: 'Shared', onMessage: (m) => { got.push({ text: text(m), at: Date.now() }); consumer.ack(m); },
    });
    const producer = await client.createProducer(topic);
    const deliverAt = Date.now() + 1_000;
    await producer.send({ payload: Buffer.from('later'), deliverAt });
    await producer.send({ payload: Buffer.from('now') });
    await eventually(() => expect(got.map((g) => g.text)).to.deep.equal(['now', 'later']), { timeoutMs: 10_000 });
    expect(got[1]!.at).to.be.at.least(deliverAt);
  });

  it('gives a Key_Shared key to one consumer and keeps its order', async () => {
    const topic = freshName('client');
    const byConsumer = new Map<string, string[]>();
    const seen: Array<[string, string]> = [];
    for (const name of ['c1', 'c2']) {
      const consumer = await client.subscribe({
        topic, subscription: 'ks', subscriptionType: 'Key_Shared', consumerName: name,
        onMessage: (m) => {
          byConsumer.set(m.key!, [...new Set([...(byConsumer.get(m.key!) ?? []), name])]);
          seen.push([m.key!, text(m)]);
          consumer.ack(m);
        },
      });
    }
    const producer = await client.createProducer(topic);
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    await Promise.all(Array.from({ length: 60 }, (_, i) => producer.send({ payload: Buffer.from(String(i)), key: keys[i % 6]! })));
    await eventually(() => expect(seen).to.have.length(60));
    for (const key of keys) {
      expect(byConsumer.get(key), key).to.have.length(1);
      const values = seen.filter(([k]) => k === key).map(([, v]) => Number(v));
      expect(values).to.deep.equal([...values].sort((x, y) => x - y));
    }
  });

  it('refuses a second Exclusive consumer with ConsumerBusy, and Failover keeps one active consumer', async () => {
    const topic = freshName('client');
    const quick = createPulsarClient({ serviceUrl: SERVICE_URL, operationTimeoutMs: 1_000 });
    try {
      await client.subscribe({ topic, subscription: 'ex', subscriptionType: 'Exclusive', onMessage: () => undefined });
      const error = await quick.subscribe({ topic, subscription: 'ex', subscriptionType: 'Exclusive', onMessage: () => undefined }).then(
        () => undefined, (e: unknown) => e as Error & { code?: string });
      expect(error?.code).to.equal('TRANSPORT');
      expect(error?.message).to.match(/ConsumerBusy/);
    } finally {
      await quick.close();
    }
    const received = new Map<string, number>();
    for (const name of ['f1', 'f2']) {
      const consumer = await client.subscribe({
        topic, subscription: 'fo', subscriptionType: 'Failover', consumerName: name,
        onMessage: (m) => { received.set(name, (received.get(name) ?? 0) + 1); consumer.ack(m); },
      });
    }
    const producer = await client.createProducer(topic);
    for (let i = 0; i < 10; i++) await producer.send({ payload: Buffer.from(String(i)) });
    await eventually(() => expect([...received.values()].reduce((a, b) => a + b, 0)).to.equal(10));
    expect(received.size).to.equal(1);
  });

  it('batches sends per key; the consumer splits batches and acks an entry once all its messages are acked', async () => {
    const topic = freshName('client');
    const got: ConsumerMessage[] = [];
    const consumer = await client.subscribe({
      topic, subscription: 's', subscriptionType: 'Key_Shared', onMessage: (m) => { got.push(m); consumer.ack(m); },
    });
    const producer = await client.createProducer(topic, { batchingMaxMessages: 10 });
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => producer.send({ payload: Buffer.from(String(i)), key: `k${i % 3}` })));
    expect(ids.some((id) => id.batchIndex > 0)).to.equal(true);
    await eventually(() => expect(got).to.have.length(30));
    expect(got.some((m) => m.batchSize > 1)).to.equal(true);
    for (const key of ['k0', 'k1', 'k2']) {
      const values = got.filter((m) => m.key === key).map((m) => Number(text(m)));
      expect(values).to.deep.equal([...values].sort((a, b) => a - b));
    }
    await consumer.close();
    const again: ConsumerMessage[] = [];
    await client.subscribe({ topic, subscription: 's', subscriptionType: 'Key_Shared', onMessage: (m) => void again.push(m) });
    await producer.send({ payload: Buffer.from('marker'), key: 'k0' });
    await eventually(() => expect(again.map(text)).to.deep.equal(['marker']));
  });

  it('fails with a TransportError, not a hang, when the broker is unreachable', async () => {
    const away = createPulsarClient({ serviceUrl: 'pulsar://127.0.0.1:1', operationTimeoutMs: 1_000, connectTimeoutMs: 500 });
    try {
      const error = await away.createProducer('t').then(() => undefined, (e: unknown) => e as Error & { code?: string; retriable?: boolean });
      expect(error?.code).to.equal('TRANSPORT');
      expect(error?.retriable).to.equal(true);
      expect(error?.message).to.match(/pulsar:\/\/127\.0\.0\.1:1 unreachable/);
    } finally {
      await away.close();
    }
  });

  it('fails at once, not retriable, for a topic the broker refuses', async () => {
    const error = await client.createProducer('persistent://public/no-such-namespace/t').then(() => undefined, (e: unknown) => e as Error & { code?: string; retriable?: boolean; serverError?: string });
    expect(error?.code).to.equal('TRANSPORT');
    expect(error?.retriable).to.equal(false);
    expect(error?.serverError).to.equal('TopicNotFound');
  });
});
