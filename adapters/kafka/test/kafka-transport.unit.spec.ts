import { testEnvelope } from '@cadenza/conformance';
import { hasErrorCode } from '@cadenza/core';
import { expect } from 'chai';
import type { Admin, Kafka, ProducerBatch } from 'kafkajs';
import { HEADERS, KafkaTransport, resolveKafkaOptions, silentLogger } from '../src';
import { RenewingProducer } from '../src/publish/renewing-producer';

/** A producer that records batches, and an admin for which every topic exists: no broker involved. */
const fakeParts = (sendBatch: (batch: ProducerBatch) => Promise<unknown>) => {
  const admin = {
    createTopics: async () => false,
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => ({ topics: topics.map((name) => ({ name, partitions: [{ leader: 1 }] })) }),
    disconnect: async () => undefined,
  } as unknown as Admin;
  const producer = new RenewingProducer(() => ({ sendBatch, connect: async () => undefined, disconnect: async () => undefined }), silentLogger);
  const options = resolveKafkaOptions({ type: 'kafka', brokers: ['fake:9092'], operationTimeoutMs: 200, runDelayForwarder: false });
  return new KafkaTransport({ kafka: {} as Kafka, admin, producer, options, logger: silentLogger });
};

describe('KafkaTransport publish (no broker)', () => {
  it('rejects with a TransportError when the broker does not acknowledge within operationTimeoutMs', async () => {
    const transport = fakeParts(() => new Promise(() => undefined));
    const error = await transport.publish('t', testEnvelope(1)).then(() => undefined, (e: unknown) => e);
    expect(hasErrorCode(error, 'TRANSPORT'), String(error)).to.equal(true);
    expect((error as { retriable: boolean }).retriable).to.equal(true);
  });

  it('puts a delayed message on the delay bucket that fits, with its due time and target', async () => {
    const batches: ProducerBatch[] = [];
    const transport = fakeParts(async (batch) => batches.push(batch));
    const deliverAt = Date.now() + 60_000;
    await transport.publish('orders', testEnvelope(1), { key: 'k', deliverAt });
    const message = batches[0]!.topicMessages![0]!;
    expect(message.topic).to.equal('cadenza.delay.m');
    expect(message.messages[0]!.key).to.equal('k');
    expect(message.messages[0]!.headers).to.deep.equal({ [HEADERS.deliverAt]: String(deliverAt), [HEADERS.targetTopic]: 'orders' });
  });

  it('publishes a message whose deliverAt has passed straight to its topic', async () => {
    const batches: ProducerBatch[] = [];
    const transport = fakeParts(async (batch) => batches.push(batch));
    await transport.publish('orders', testEnvelope(1), { deliverAt: Date.now() - 1 });
    expect(batches[0]!.topicMessages![0]!.topic).to.equal('orders');
  });

  it('coalesces concurrent publishes into one batch', async () => {
    const batches: ProducerBatch[] = [];
    const transport = fakeParts(async (batch) => batches.push(batch));
    await Promise.all(Array.from({ length: 50 }, (_, i) => transport.publish(i % 2 ? 'a' : 'b', testEnvelope(i))));
    expect(batches).to.have.length(1);
    expect(batches[0]!.topicMessages!.map((m) => m.messages.length)).to.deep.equal([25, 25]);
  });

  it('refuses bad subscribe options, naming the field', async () => {
    const transport = fakeParts(async () => undefined);
    const error = await transport.subscribe('t', 'g', async () => undefined, { order: 'none', deadLetterTopic: 'd', concurrency: 0 })
      .then(() => undefined, (e: unknown) => e);
    expect(String(error)).to.match(/subscribe\.concurrency/);
  });
});
