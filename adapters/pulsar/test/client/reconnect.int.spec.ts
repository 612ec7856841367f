import { eventually, freshName } from '@cadenza/conformance';
import type { Logger } from '@cadenza/core';
import { expect } from 'chai';
import { type ConsumerMessage, createPulsarClient } from '../../src/client';
import { unloadTopic } from '../support/admin';
import { SERVICE_URL } from '../support/broker';
import { CorruptingProxy } from '../support/corrupting-proxy';

const text = (m: ConsumerMessage) => Buffer.from(m.payload).toString();

describe('Pulsar client: lost connections and corrupt frames', function () {
  this.timeout(30_000);

  it('after a dropped connection resends unconfirmed sends and resubscribes, losing nothing', async () => {
    const client = createPulsarClient({ serviceUrl: SERVICE_URL, operationTimeoutMs: 10_000 });
    try {
      const topic = freshName('reconnect');
      const got = new Set<string>();
      let reconnects = 0;
      const consumer = await client.subscribe({
        topic, subscription: 's', subscriptionType: 'Shared', onReconnect: () => void reconnects++,
        onMessage: (m) => { got.add(text(m)); consumer.ack(m); },
      });
      const producer = await client.createProducer(topic);
      const sends = Array.from({ length: 200 }, (_, i) => producer.send({ payload: Buffer.from(String(i)) }));
      await client.dropConnections();
      const more = Array.from({ length: 50 }, (_, i) => producer.send({ payload: Buffer.from(String(200 + i)) }));
      await Promise.all([...sends, ...more]);
      await eventually(() => expect(got.size).to.equal(250), { timeoutMs: 20_000 });
      expect(reconnects).to.be.at.least(1);
    } finally {
      await client.close();
    }
  });

  it('reattaches producers and consumers the broker closes when it unloads their topic', async () => {
    const client = createPulsarClient({ serviceUrl: SERVICE_URL, operationTimeoutMs: 10_000 });
    try {
      const topic = freshName('unload');
      const got = new Set<string>();
      let reconnects = 0;
      const consumer = await client.subscribe({
        topic, subscription: 's', subscriptionType: 'Key_Shared', onReconnect: () => void reconnects++,
        onMessage: (m) => { got.add(text(m)); consumer.ack(m); },
      });
      const producer = await client.createProducer(topic);
      await producer.send({ payload: Buffer.from('before') });
      expect(await unloadTopic(client.topicName(topic))).to.equal(204);
      await producer.send({ payload: Buffer.from('after') });
      await eventually(() => expect([...got].sort()).to.deep.equal(['after', 'before']), { timeoutMs: 20_000 });
      expect(reconnects).to.equal(1);
    } finally {
      await client.close();
    }
  });

  it('drops the connection on a frame with a bad checksum, delivers nothing from it, and gets the message again intact', async () => {
    const proxy = new CorruptingProxy();
    const logged: Array<{ level: string; message?: string; fields: object }> = [];
    const logger: Logger = {
      debug: (fields, message) => void logged.push({ level: 'debug', fields, message }),
      info: (fields, message) => void logged.push({ level: 'info', fields, message }),
      warn: (fields, message) => void logged.push({ level: 'warn', fields, message }),
      error: (fields, message) => void logged.push({ level: 'error', fields, message }),
      child: () => logger,
    };
    const viaProxy = createPulsarClient({ serviceUrl: await proxy.start(), operationTimeoutMs: 10_000, logger });
    const direct = createPulsarClient({ serviceUrl: SERVICE_URL });
    try {
      const topic = freshName('corrupt');
      const got: string[] = [];
      let reconnects = 0;
      const consumer = await viaProxy.subscribe({
        topic, subscription: 's', subscriptionType: 'Shared', onReconnect: () => void reconnects++,
        onMessage: (m) => { got.push(text(m)); consumer.ack(m); },
      });
      const connectionsBefore = proxy.connections;
      proxy.armed = Buffer.from('CORRUPT-ME');
      await (await direct.createProducer(topic)).send({ payload: Buffer.from('CORRUPT-ME please') });
      await eventually(() => expect(got).to.deep.equal(['CORRUPT-ME please']), { timeoutMs: 20_000 });
      expect(proxy.corrupted).to.equal(1);
      expect(reconnects).to.equal(1);
      expect(proxy.connections).to.be.greaterThan(connectionsBefore);
      const lost = logged.find((l) => l.message === 'Pulsar connection lost');
      expect(lost?.level).to.equal('warn');
      expect((lost?.fields as { error?: string }).error).to.match(/checksum/);
      expect(logged.some((l) => l.message === 'Pulsar consumer reattached')).to.equal(true);
    } finally {
      await viaProxy.close();
      await direct.close();
      await proxy.stop();
    }
  });
});
