import { eventually, freshName, latch, testEnvelope, valueOf } from '@cadenza/conformance';
import { type Delivery, hasErrorCode, TOKENS, type Transport } from '@cadenza/core';
import { expect } from 'chai';
import { Container } from 'inversify';
import { Kafka, logLevel } from 'kafkajs';
import { createKafkaTransport, HEADERS, kafkaModule, type KafkaTransport } from '../src';
import { BROKERS, createTestTransport, useKafkaBroker, testOptions } from './support/kafka-broker';

useKafkaBroker();

describe('Kafka transport (kafka-specific)', function () {
  this.timeout(60_000);
  const open: Transport[] = [];
  const connect = async (overrides: Parameters<typeof createTestTransport>[0] = {}): Promise<KafkaTransport> => {
    const transport = await createTestTransport(overrides);
    open.push(transport);
    return transport;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.close()));
  });

  it('rejects with a TransportError, in bounded time, when no broker answers', async () => {
    const error = await createKafkaTransport({ brokers: ['127.0.0.1:1'], operationTimeoutMs: 5_000, connectionTimeoutMs: 500 })
      .then(() => undefined, (e: unknown) => e);
    expect(hasErrorCode(error, 'TRANSPORT'), String(error)).to.equal(true);
    expect(String(error)).to.contain('127.0.0.1:1');
  });

  it('creates topics on demand with the configured partitions', async () => {
    const t = await connect({ partitions: 3 });
    const topic = freshName('topic');
    await t.publish(topic, testEnvelope('x'), { key: 'k' });
    const admin = new Kafka({ brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(topics[0]!.partitions).to.have.length(3);
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses an envelope over maxMessageBytes before publishing', async () => {
    const t = await connect({ maxMessageBytes: 1_000 });
    const error = await t.publish(freshName('topic'), testEnvelope('x'.repeat(2_000))).then(() => undefined, (e: unknown) => e);
    expect(hasErrorCode(error, 'PAYLOAD_TOO_LARGE'), String(error)).to.equal(true);
  });

  it('refuses to work once closed', async () => {
    const t = await createTestTransport();
    await t.close();
    const error = await t.publish(freshName('topic'), testEnvelope(1)).then(() => undefined, (e: unknown) => e);
    expect(hasErrorCode(error, 'CLOSED'), String(error)).to.equal(true);
  });

  it('lets handlers that finish during close still publish their results', async () => {
    const t = await createTestTransport();
    const topic = freshName('topic');
    const started = latch();
    const release = latch();
    let outcome: unknown;
    await t.subscribe(topic, freshName('group'), async () => {
      started.open();
      await release.promise;
      outcome = await t.publish(freshName('results'), testEnvelope('result')).then(() => 'published', (e: unknown) => e);
    }, { order: 'none', deadLetterTopic: freshName('dead-letter') });
    await t.publish(topic, testEnvelope('work'));
    await started.promise;
    const closing = t.close();
    release.open();
    await closing;
    expect(outcome).to.equal('published');
    const after = await t.publish(topic, testEnvelope('late')).then(() => undefined, (e: unknown) => e);
    expect(hasErrorCode(after, 'CLOSED'), String(after)).to.equal(true);
  });

  it('puts the dead-letter reason in the record headers too', async () => {
    const t = await connect();
    const topic = freshName('topic');
    const deadLetterTopic = freshName('dead-letter');
    await t.subscribe(topic, freshName('group'), async () => {
      throw new Error('always fails');
    }, { order: 'per-key', deadLetterTopic, maxDeliveries: 2, redeliveryDelayMs: 10 });
    await t.publish(topic, testEnvelope('poison'), { key: 'k' });
    const kafka = new Kafka({ brokers: BROKERS, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    // The adapter creates the dead-letter topic with its first dead letter; read it once it exists.
    await eventually(async () => expect(await admin.listTopics()).to.include(deadLetterTopic), { timeoutMs: 30_000 });
    await admin.disconnect();
    const consumer = kafka.consumer({ groupId: freshName('reader'), maxWaitTimeInMs: 200 });
    const headers: Array<Record<string, string>> = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: deadLetterTopic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          headers.push(Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])));
        },
      });
      await eventually(() => expect(headers).to.have.length(1), { timeoutMs: 30_000 });
      expect(headers[0]![HEADERS.deadLetterReason]).to.contain('always fails');
      expect(headers[0]![HEADERS.deadLetterTopic]).to.equal(topic);
    } finally {
      await consumer.disconnect();
    }
  });

  for (const maxBufferedMessages of [1, 10]) it(`pauses fetching when its buffer of ${maxBufferedMessages} is full and still delivers everything, in key order`, async () => {
    const t = await connect({ maxBufferedMessages });
    const topic = freshName('topic');
    const seen = new Map<string, number[]>();
    await t.subscribe(topic, freshName('group'), async (d) => {
      seen.set(d.key!, [...(seen.get(d.key!) ?? []), valueOf(d.envelope) as number]);
    }, { order: 'per-key', concurrency: 4, deadLetterTopic: freshName('dead-letter') });
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    // Two waves: the second only arrives if fetching resumed after the first filled the buffer.
    for (const wave of [0, 1]) {
      await Promise.all(Array.from({ length: 300 }, (_, j) => wave * 300 + j)
        .map((i) => t.publish(topic, testEnvelope(i), { key: keys[i % keys.length]! })));
      await eventually(() => expect([...seen.values()].flat()).to.have.length(300 * (wave + 1)), { timeoutMs: 30_000 });
    }
    for (const [index, key] of keys.entries()) {
      // Concurrent publishes of one key are not ordered among themselves: check each key got its own, once.
      expect([...seen.get(key)!].sort((a, b) => a - b), key).to.deep.equal(Array.from({ length: 100 }, (_, i) => i * keys.length + index));
    }
  });

  it('hands a key to the new owner with nothing lost when a member joins and another leaves', async () => {
    const topic = freshName('topic');
    const group = freshName('group');
    const deadLetterTopic = freshName('dead-letter');
    const seen = new Map<string, number[]>();
    const handler = async (d: Delivery) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      seen.set(d.key!, [...(seen.get(d.key!) ?? []), valueOf(d.envelope) as number]);
    };
    const keys = Array.from({ length: 12 }, (_, i) => `key-${i}`);
    const total = 600;
    const a = await connect();
    const subA = await a.subscribe(topic, group, handler, { order: 'per-key', concurrency: 4, deadLetterTopic });
    const published = (async () => {
      for (let i = 0; i < total; i++) await a.publish(topic, testEnvelope(i), { key: keys[i % keys.length]! });
    })();
    await eventually(() => expect([...seen.values()].flat().length).to.be.greaterThan(50), { timeoutMs: 30_000 });
    const b = await connect();
    await b.subscribe(topic, group, handler, { order: 'per-key', concurrency: 4, deadLetterTopic });
    await eventually(() => expect([...seen.values()].flat().length).to.be.greaterThan(300), { timeoutMs: 30_000 });
    await subA.close();
    await published;
    await eventually(() => expect(new Set([...seen.values()].flat()).size).to.equal(total), { timeoutMs: 45_000 });
    for (const [index, key] of keys.entries()) {
      // At-least-once: a rebalance may hand a key over with a few messages again, but first deliveries keep order.
      const first = [...new Set(seen.get(key))];
      expect(first, key).to.deep.equal(Array.from({ length: total / keys.length }, (_, i) => i * keys.length + index));
    }
  });

  it('finishes and commits what runs before a rebalance gives its keys to another member', async () => {
    const topic = freshName('topic');
    const group = freshName('group');
    const deadLetterTopic = freshName('dead-letter');
    const keys = Array.from({ length: 8 }, (_, i) => `key-${i}`);
    const running = new Map<string, number>();
    const handled: Array<{ key: string; value: unknown }> = [];
    let overlaps = 0;
    const release = latch();
    const holding = new Set<string>();
    const handler = async (d: Delivery) => {
      const key = d.key!;
      running.set(key, (running.get(key) ?? 0) + 1);
      if (running.get(key)! > 1) overlaps++;
      if (valueOf(d.envelope) === 'first') {
        holding.add(key);
        await release.promise;
      }
      handled.push({ key, value: valueOf(d.envelope) });
      running.set(key, running.get(key)! - 1);
    };
    const a = await connect();
    await a.subscribe(topic, group, handler, { order: 'per-key', concurrency: keys.length, deadLetterTopic });
    for (const key of keys) await a.publish(topic, testEnvelope('first'), { key });
    await eventually(() => expect(holding.size).to.equal(keys.length), { timeoutMs: 30_000 });
    // The handlers of A are all in flight when B joins; they finish a little later (a trigger, not an assertion).
    setTimeout(() => release.open(), 1_500);
    const b = await connect();
    await b.subscribe(topic, group, handler, { order: 'per-key', concurrency: keys.length, deadLetterTopic });
    for (const key of keys) await b.publish(topic, testEnvelope('second'), { key });
    await eventually(() => expect(handled.filter((h) => h.value === 'second')).to.have.length(keys.length), { timeoutMs: 30_000 });
    expect(overlaps, 'one key handled by two members at once').to.equal(0);
    expect(handled.filter((h) => h.value === 'first'), 'committed before the rebalance, so not redelivered').to.have.length(keys.length);
  });

  it('delivers a delay longer than the shortest bucket through two bucket topics, not before it is due', async () => {
    const t = await connect();
    const topic = freshName('topic');
    const got: Array<{ value: unknown; at: number }> = [];
    await t.subscribe(topic, freshName('group'), async (d) => void got.push({ value: valueOf(d.envelope), at: Date.now() }),
      { order: 'per-key', deadLetterTopic: freshName('dead-letter') });
    const deliverAt = Date.now() + 10_500;
    await t.publish(topic, testEnvelope('via m and s'), { key: 'k', deliverAt });
    await eventually(() => expect(got.map((g) => g.value)).to.deep.equal(['via m and s']), { timeoutMs: 30_000 });
    expect(got[0]!.at).to.be.at.least(deliverAt);
  });

  it('is bound to TOKENS.Transport by kafkaModule', async () => {
    const container = new Container();
    await container.load(kafkaModule({ type: 'kafka', ...testOptions() }));
    const transport = await container.getAsync<Transport>(TOKENS.Transport);
    open.push(transport);
    expect(transport.capabilities).to.deep.equal({ delayedDelivery: true, durable: true, maxMessageBytes: 1_000_000, delayPrecisionMs: 1_000 });
    const got = latch<unknown>();
    const topic = freshName('topic');
    await transport.subscribe(topic, freshName('group'), async (d) => got.open(valueOf(d.envelope)), { order: 'none', deadLetterTopic: freshName('dead-letter') });
    await transport.publish(topic, testEnvelope('through the container'));
    expect(await got.promise).to.equal('through the container');
  });

  it('refuses invalid config in kafkaModule, naming the field', () => {
    expect(() => kafkaModule({ type: 'kafka', brokers: 'localhost:9092' })).to.throw(/transport\.brokers/);
  });
});
