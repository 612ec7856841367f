import { type Delivery } from '@cadenza/core';
import { eventually, freshName, testEnvelope, valueOf } from '@cadenza/conformance';
import { expect } from 'chai';
import { type ConsumerMessage, createPulsarClient, partitionForKey, type PulsarClient } from '../../src/client';
import { createPulsarTransport } from '../../src';
import { createPartitionedTopic } from '../support/admin';
import { brokerOptions, SERVICE_URL } from '../support/broker';

describe('Partitioned topics', function () {
  this.timeout(30_000);
  let client: PulsarClient;
  beforeEach(() => {
    client = createPulsarClient({ serviceUrl: SERVICE_URL, operationTimeoutMs: 10_000 });
  });
  afterEach(() => client.close());

  it('routes each key to its partition (as the Java client would), consumes all partitions and acks per partition', async () => {
    const topic = client.topicName(freshName('partitioned'));
    expect(await createPartitionedTopic(topic, 3)).to.equal(204);
    const got: ConsumerMessage[] = [];
    const consumer = await client.subscribe({
      topic, subscription: 's', subscriptionType: 'Key_Shared', onMessage: (m) => { got.push(m); consumer.ack(m); },
    });
    const producer = await client.createProducer(topic);
    const keys = ['a', 'b', 'c', 'd', 'e'];
    for (let i = 0; i < 50; i++) {
      const key = keys[i % keys.length]!;
      const id = await producer.send({ payload: Buffer.from(String(i)), key });
      expect(id.partition).to.equal(partitionForKey(key, 3));
    }
    await eventually(() => expect(got).to.have.length(50));
    for (const key of keys) {
      const ofKey = got.filter((m) => m.key === key);
      expect(new Set(ofKey.map((m) => m.topic))).to.deep.equal(new Set([`${topic}-partition-${partitionForKey(key, 3)}`]));
      const values = ofKey.map((m) => Number(Buffer.from(m.payload).toString()));
      expect(values).to.deep.equal([...values].sort((x, y) => x - y));
    }
    await consumer.close();
    const again: ConsumerMessage[] = [];
    await client.subscribe({ topic, subscription: 's', subscriptionType: 'Key_Shared', onMessage: (m) => void again.push(m) });
    await producer.send({ payload: Buffer.from('marker'), key: 'a' });
    await eventually(() => expect(again.map((m) => Buffer.from(m.payload).toString())).to.deep.equal(['marker']));
  });

  it('carries the transport on a partitioned topic, per-key order included', async () => {
    const topic = freshName('partitioned');
    expect(await createPartitionedTopic(client.topicName(topic), 4)).to.equal(204);
    const transport = createPulsarTransport(brokerOptions());
    try {
      const seen = new Map<string, number[]>();
      await transport.subscribe(topic, freshName('g'), async (d: Delivery) => {
        seen.set(d.key!, [...(seen.get(d.key!) ?? []), valueOf(d.envelope) as number]);
      }, { order: 'per-key', concurrency: 4, deadLetterTopic: freshName('dlq') });
      for (let i = 0; i < 40; i++) await transport.publish(topic, testEnvelope(i), { key: `k${i % 4}` });
      await eventually(() => expect([...seen.values()].flat()).to.have.length(40));
      for (const values of seen.values()) expect(values).to.deep.equal([...values].sort((x, y) => x - y));
    } finally {
      await transport.close();
    }
  });
});
