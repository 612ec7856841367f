import { testEnvelope } from '@cadenza/conformance';
import { expect } from 'chai';
import type { Admin, Kafka } from 'kafkajs';
import { KafkaTransport, resolveKafkaOptions, silentLogger } from '../src';
import { RenewingProducer } from '../src/publish/renewing-producer';
import { kafkajsLikeProducer, SequenceCheckingBroker } from './support/sequence-checking-broker';

/** A transport on a kafkajs-like idempotent producer and a broker that checks sequence numbers. */
const transportOn = async (broker: SequenceCheckingBroker) => {
  const admin = {
    createTopics: async () => false,
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => ({ topics: topics.map((name) => ({ name, partitions: [{ leader: 1 }] })) }),
    disconnect: async () => undefined,
  } as unknown as Admin;
  const producer = new RenewingProducer(() => kafkajsLikeProducer(broker), silentLogger);
  await producer.connect();
  const options = resolveKafkaOptions({ type: 'kafka', brokers: ['fake:9092'], operationTimeoutMs: 1_000, runDelayForwarder: false });
  return new KafkaTransport({ kafka: {} as Kafka, admin, producer, options, logger: silentLogger });
};

/** The broker appends a message and goes down before it answers, for longer than kafkajs retries; then it is back. */
const publishLostToACrash = async (transport: KafkaTransport, broker: SequenceCheckingBroker) => {
  broker.crashAfterNextAppend();
  const error = await transport.publish('orders', testEnvelope('appended, answer lost')).then(() => undefined, (e: unknown) => e);
  expect(error, 'the publish during the crash').to.be.an('error');
  expect(broker.recordsIn('orders')).to.equal(1);
  broker.restart();
};

describe('KafkaTransport publish after a send whose outcome was lost (kafkajs sequence numbers)', () => {
  it('stores the next message instead of having the broker take it for a duplicate of the lost one', async () => {
    const broker = new SequenceCheckingBroker();
    const transport = await transportOn(broker);
    await publishLostToACrash(transport, broker);

    await transport.publish('orders', testEnvelope('next'));
    expect(broker.recordsIn('orders'), 'records the broker stored').to.equal(2);
  });

  it('is not refused as out of order, neither once nor ever after', async () => {
    const broker = new SequenceCheckingBroker();
    const transport = await transportOn(broker);
    await publishLostToACrash(transport, broker);

    await Promise.all([transport.publish('orders', testEnvelope(1)), transport.publish('orders', testEnvelope(2))]);
    await transport.publish('orders', testEnvelope(3));
    expect(broker.outOfOrder, 'batches refused as out of order').to.deep.equal([]);
    expect(broker.recordsIn('orders')).to.equal(4);
  });
});
