import { eventually, freshName, testEnvelope, valueOf } from '@cadenza/conformance';
import { type Delivery, TransportError } from '@cadenza/core';
import { expect } from 'chai';
import { createPulsarTransport, type PulsarTransport } from '../src';
import { fullTopicName } from '../src/client/topic-name';
import { delayTopic } from '../src/delay/delay-topic';
import { ensureNamespace } from './support/admin';
import { brokerOptions } from './support/broker';
import { KILL_NAMESPACE, killSubscription } from './support/kill-subscription';

const values = (got: Delivery[]) => got.map((d) => valueOf(d.envelope));

describe('Pulsar transport: Subscription.stopped', function () {
  this.timeout(60_000);
  const made: PulsarTransport[] = [];
  const connect = (): PulsarTransport => {
    const t = createPulsarTransport(brokerOptions({ namespace: KILL_NAMESPACE }));
    made.push(t);
    return t;
  };
  before(() => ensureNamespace(KILL_NAMESPACE));
  afterEach(async () => {
    await Promise.all(made.splice(0).map((t) => t.close()));
  });

  it("settles 'closed' after close(), and after the transport's close()", async () => {
    const t = connect();
    const a = await t.subscribe(freshName('stopped'), 'g', async () => undefined, { order: 'none', deadLetterTopic: freshName('dl') });
    const b = await t.subscribe(freshName('stopped'), 'g', async () => undefined, { order: 'per-key', deadLetterTopic: freshName('dl') });
    await a.close();
    expect(await a.stopped).to.deep.equal({ cause: 'closed' });
    await t.close();
    expect(await b.stopped).to.deep.equal({ cause: 'closed' });
  });

  for (const order of ['per-key', 'none'] as const) {
    it(`settles 'failed' when the broker closes the consumer and refuses it back (${order})`, async () => {
      const t = connect();
      const topic = freshName('stopped');
      const deadLetterTopic = freshName('dl');
      const dead: Delivery[] = [];
      const subscription = await t.subscribe(topic, 'g', async (d) => void dead.push(d), { order, deadLetterTopic });
      await t.publish(topic, testEnvelope('before'), { key: 'k' });
      await eventually(() => expect(values(dead)).to.deep.equal(['before']), { timeoutMs: 20_000 });

      await killSubscription(subscription, fullTopicName(topic, 'public', KILL_NAMESPACE));
      const stopped = await subscription.stopped;
      expect(stopped.cause).to.equal('failed');
      if (stopped.cause !== 'failed') return;
      expect(stopped.error).to.be.instanceOf(TransportError);
      expect(stopped.error.code).to.equal('TRANSPORT');
      expect(stopped.error.retriable).to.equal(false);
      expect(stopped.error.message).to.contain(topic).and.contain('NotAllowed');

      // It handles nothing more: a new member of the group gets what follows.
      await t.publish(topic, testEnvelope('after'), { key: 'k' });
      const next: Delivery[] = [];
      await connect().subscribe(topic, 'g', async (d) => void next.push(d), { order, deadLetterTopic });
      await eventually(() => expect(values(next)).to.include('after'), { timeoutMs: 20_000 });
      expect(values(dead)).to.deep.equal(['before']);
      // close() after a failure keeps the failure.
      await subscription.close();
      expect((await subscription.stopped).cause).to.equal('failed');
    });
  }

  it("settles 'failed' when the topic's delay forwarder stops for good, and a new subscription forwards again", async () => {
    const t = connect();
    const topic = freshName('stopped-forwarder');
    const deadLetterTopic = freshName('dl');
    const got: Delivery[] = [];
    const subscription = await t.subscribe(topic, 'g', async (d) => void got.push(d), { order: 'per-key', deadLetterTopic });
    await t.publish(topic, testEnvelope('early'), { key: 'k', deliverAt: Date.now() + 200 });
    await eventually(() => expect(values(got)).to.deep.equal(['early']), { timeoutMs: 20_000 });

    // Only the forwarder's consumer is on the delay topic: killing it must not leave timers unforwarded in silence.
    await killSubscription(subscription, fullTopicName(delayTopic(topic), 'public', KILL_NAMESPACE));
    const stopped = await subscription.stopped;
    expect(stopped.cause).to.equal('failed');
    if (stopped.cause !== 'failed') return;
    expect(stopped.error).to.be.instanceOf(TransportError);
    expect(stopped.error.message).to.contain('delay forwarder').and.contain(topic);

    // Subscribing again (what a worker does on 'failed') starts a new forwarder: delayed messages flow again.
    const again: Delivery[] = [];
    await t.subscribe(topic, 'g', async (d) => void again.push(d), { order: 'per-key', deadLetterTopic });
    await t.publish(topic, testEnvelope('late'), { key: 'k', deliverAt: Date.now() + 200 });
    await eventually(() => expect(values(again)).to.include('late'), { timeoutMs: 20_000 });
  });
});
