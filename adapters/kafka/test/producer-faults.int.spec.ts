import { freshName } from '@cadenza/conformance';
import { expect } from 'chai';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { silentLogger } from '../src';
import { idempotentProducer, RenewingProducer } from '../src/publish/renewing-producer';
import { FaultProxy } from './support/fault-proxy';
import { BROKERS, useKafkaBroker } from './support/kafka-broker';

useKafkaBroker();

describe('Kafka publish when the answer to a produce request is lost (real broker, kafkajs idempotent producer)', function () {
  this.timeout(60_000);
  let proxy: FaultProxy;
  let admin: Admin;
  const open: RenewingProducer[] = [];
  before(async () => {
    proxy = await FaultProxy.start(BROKERS[0]!);
    admin = new Kafka({ brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });
  afterEach(async () => {
    proxy.restore();
    await Promise.all(open.splice(0).map((p) => p.disconnect()));
  });
  after(async () => {
    await admin.disconnect();
    await proxy.close();
  });

  /** The adapter's producer, every connection through the proxy, with few and short kafkajs retries. */
  const producer = async () => {
    const kafka = new Kafka({
      brokers: BROKERS, socketFactory: proxy.socketFactory, logLevel: logLevel.NOTHING,
      connectionTimeout: 1_000, requestTimeout: 5_000, retry: { retries: 2, initialRetryTime: 50, maxRetryTime: 200 },
    });
    const renewing = new RenewingProducer(() => idempotentProducer(kafka), silentLogger);
    open.push(renewing);
    await renewing.connect();
    return renewing;
  };
  const createTopic = async () => {
    const topic = freshName('topic');
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
    return topic;
  };
  /** Records the broker stored in `topic` (no transactions, so no control records among them). */
  const stored = async (topic: string) => (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  const send = (p: RenewingProducer, topic: string, values: string[], key?: string) =>
    p.sendBatch({ acks: -1, topicMessages: [{ topic, messages: values.map((value) => ({ value, key: key ?? null })) }] });

  it('stores the sends after one that failed once the broker had appended it (no out-of-order refusals)', async () => {
    const topic = await createTopic();
    const p = await producer();
    await send(p, topic, ['warm-up'], 'k');
    proxy.crashAfterNextProduce({ refuse: true });
    const failed = await send(p, topic, ['appended, answer lost'], 'k').then(() => undefined, (e: unknown) => e);
    expect(failed, 'the send during the outage').to.be.an('error');
    proxy.restore();

    await send(p, topic, ['next', 'and next'], 'k');
    await send(p, topic, ['last'], 'k');
    expect(await stored(topic)).to.equal(5);
  });

  it('retries unkeyed records lost with their answer as the same batch: acknowledged once, stored once', async () => {
    const topic = await createTopic();
    const p = await producer();
    await send(p, topic, ['warm-up']);
    proxy.crashAfterNextProduce({ refuse: false });
    await send(p, topic, Array.from({ length: 10 }, (_, i) => `unkeyed ${i}`));
    expect(await stored(topic)).to.equal(11);
  });
});
