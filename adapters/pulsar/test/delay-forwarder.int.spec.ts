import { eventually, freshName, testEnvelope, valueOf } from '@cadenza/conformance';
import { encodeEnvelope, type Envelope, type MessageOf } from '@cadenza/core';
import { expect } from 'chai';
import { createPulsarTransport, delayTopic, type PulsarTransport } from '../src';
import { DELAY_PROPERTIES } from '../src/delay/delay-topic';
import { brokerOptions } from './support/broker';

describe('Pulsar delay forwarder: messages it cannot forward', function () {
  this.timeout(60_000);
  let t: PulsarTransport;
  afterEach(async () => t.close());

  it('dead-letters a delayed message without a target or with another topic as target, and forwards the good one', async () => {
    t = createPulsarTransport(brokerOptions());
    const [topic, other, deadLetterTopic] = [freshName('topic'), freshName('other'), freshName('dead-letter')];
    const handled: unknown[] = [];
    const strays: unknown[] = [];
    const dead: Envelope[] = [];
    await t.subscribe(topic, freshName('group'), async (d) => void handled.push(valueOf(d.envelope)), { order: 'per-key', deadLetterTopic });
    await t.subscribe(other, freshName('group'), async (d) => void strays.push(valueOf(d.envelope)), { order: 'none', deadLetterTopic: freshName('unused') });
    await t.subscribe(deadLetterTopic, freshName('reader'), async (d) => void dead.push(d.envelope), { order: 'none', deadLetterTopic: freshName('unused') });
    const producer = await t.client.createProducer(delayTopic(topic));
    const due = String(Date.now());
    const send = (value: string, properties: Record<string, string>) =>
      producer.send({ payload: encodeEnvelope(testEnvelope(value)), key: 'k', properties });
    await send('no-target', { [DELAY_PROPERTIES.deliverAt]: due });
    await send('elsewhere', { [DELAY_PROPERTIES.target]: other, [DELAY_PROPERTIES.deliverAt]: due });
    await send('good', { [DELAY_PROPERTIES.target]: topic, [DELAY_PROPERTIES.deliverAt]: due });
    await eventually(() => expect(dead).to.have.length(2), { timeoutMs: 30_000 });
    await eventually(() => expect(handled).to.deep.equal(['good']), { timeoutMs: 30_000 });
    const reasons = dead.map((e) => (e.message as MessageOf<'DeadLetter'>).reason);
    expect(reasons.filter((r) => r.endsWith('without a cadenza-target-topic property'))).to.have.length(1);
    expect(reasons.filter((r) => r.endsWith(`whose target "${other}" is not ${topic}`))).to.have.length(1);
    expect(strays).to.deep.equal([]);
  });
});
