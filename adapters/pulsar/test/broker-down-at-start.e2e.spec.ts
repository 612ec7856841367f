import { eventually, freshName, testEnvelope, valueOf } from '@cadenza/conformance';
import type { Delivery, Logger } from '@cadenza/core';
import { expect } from 'chai';
import { createPulsarTransport } from '../src';
import { privateBroker } from './support/private-broker';

describe('Pulsar transport started while its broker is down', function () {
  this.timeout(400_000);
  const broker = privateBroker();
  // Started once first: a broker starting on an empty data folder refuses lookups (no namespace yet) for a moment.
  before(() => broker.start());
  after(() => broker.stop());

  it('keeps trying with progress lines that hold no token, and subscribes once the broker is up', async () => {
    broker.stop();
    const lines: Array<{ fields: object; message?: string }> = [];
    const logger: Logger = {
      debug: () => undefined, info: () => undefined, error: () => undefined,
      warn: (fields, message) => void lines.push({ fields, message }),
      child: () => logger,
    };
    const token = 'secret-token-never-logged';
    const transport = createPulsarTransport({ type: 'pulsar', serviceUrl: broker.serviceUrl, operationTimeoutMs: 300_000, token }, { logger });
    try {
      const topic = freshName('down-at-start');
      const got: Delivery[] = [];
      const subscribing = transport.subscribe(topic, 'g', async (d) => void got.push(d), { order: 'per-key', deadLetterTopic: freshName('dl') });
      await eventually(() => expect(lines.map((l) => l.message).join('\n')).to.match(/still trying/), { timeoutMs: 60_000 });
      broker.start();
      await subscribing;
      await transport.publish(topic, testEnvelope('up'), { key: 'k' });
      await eventually(() => expect(got.map((d) => valueOf(d.envelope))).to.deep.equal(['up']), { timeoutMs: 30_000 });
      const said = JSON.stringify(lines);
      expect(said).to.contain(broker.serviceUrl).and.not.contain(token);
    } finally {
      await transport.close();
    }
  });
});
