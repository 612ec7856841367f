import { eventually, freshName } from '@cadenza/conformance';
import { expect } from 'chai';
import { type ConsumerMessage, createPulsarClient } from '../../src/client';
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

  it('drops the connection on a frame with a bad checksum, delivers nothing from it, and gets the message again intact', async () => {
    const proxy = new CorruptingProxy();
    const viaProxy = createPulsarClient({ serviceUrl: await proxy.start(), operationTimeoutMs: 10_000 });
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
    } finally {
      await viaProxy.close();
      await direct.close();
      await proxy.stop();
    }
  });
});
