import { InvalidNameError } from '@cadenza/core';
import { expect } from 'chai';
import type { Admin } from 'kafkajs';
import { checkKafkaTopic } from '../src/topics/topic-name';
import { TopicAdmin } from '../src/topics/topic-admin';

describe('topics/topic-name', () => {
  it('takes what Kafka takes as a topic name', () => {
    for (const topic of ['ns.client.c1', 'cadenza.delay.s', 'a', 'x'.repeat(249), '...']) expect(checkKafkaTopic(topic)).to.equal(topic);
  });

  it('refuses with InvalidNameError what Kafka would refuse', () => {
    for (const topic of ['', '.', '..', '../x', 'a/b', 'x'.repeat(250), 'a\u0000b', 'ns.client.é', 7]) {
      expect(() => checkKafkaTopic(topic, 'replyTo'), JSON.stringify(topic)).to.throw(InvalidNameError, /^invalid name at replyTo: expected a Kafka topic name/);
    }
  });

  it('keeps TopicAdmin from asking the broker to create a topic with such a name', async () => {
    let asked = 0;
    const admin = { createTopics: async () => { asked++; return true; } } as unknown as Admin;
    const topics = new TopicAdmin(admin, { partitions: 1, replicationFactor: 1, operationTimeoutMs: 1_000 });
    const error = await topics.ensure('../x').then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidNameError).and.to.include({ retriable: false });
    expect(asked).to.equal(0);
  });
});
