import { freshName, testEnvelope } from '@cadenza/conformance';
import { createWorker, hasErrorCode, Workflow } from '@cadenza/core';
import { createInMemoryHistoryStore } from '@cadenza/in-memory';
import { expect } from 'chai';
import { createPulsarTransport, PULSAR_MAX_MESSAGE_BYTES } from '../src';
import { brokerOptions, mustReachBroker } from './support/broker';

class SizeCheckWorkflow extends Workflow {
  async run(): Promise<string> {
    return 'ran';
  }
}

/** The standalone broker's default `maxMessageSize`. */
const BROKER_LIMIT = 5 * 1024 * 1024;
const TOO_LARGE = 6 * 1024 * 1024;

const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error & { path?: string });

describe('Pulsar: maxMessageBytes is checked against the broker\'s maxMessageSize on the first connection', function () {
  // Far below the minute each attempt may take: a retried error would time the test out instead of passing.
  this.timeout(30_000);
  before(() => mustReachBroker());

  it('rejects the first publish and subscribe with a ConfigError naming the field, the value and the broker\'s limit', async () => {
    const transport = createPulsarTransport(brokerOptions({ maxMessageBytes: TOO_LARGE, operationTimeoutMs: 60_000 }));
    try {
      const published = await errorOf(transport.publish(freshName('max-size'), testEnvelope('x')));
      expect(hasErrorCode(published, 'CONFIG'), String(published)).to.equal(true);
      expect(published?.path).to.equal('transport.maxMessageBytes');
      expect(published?.message).to.contain(`has a max_message_size of ${BROKER_LIMIT}`).and.match(new RegExp(`got ${TOO_LARGE}$`));
      const subscribed = await errorOf(transport.subscribe(freshName('max-size'), 'g', async () => undefined, { order: 'none', deadLetterTopic: freshName('dl') }));
      expect(hasErrorCode(subscribed, 'CONFIG'), String(subscribed)).to.equal(true);
    } finally {
      await transport.close();
    }
  });

  it('makes a worker\'s start() reject at once instead of trying again', async () => {
    const transport = createPulsarTransport(brokerOptions({ maxMessageBytes: TOO_LARGE, operationTimeoutMs: 60_000 }));
    const worker = createWorker({
      transport, history: createInMemoryHistoryStore(), namespace: freshName('ns'), reconnect: { giveUpAfterMs: 600_000 },
    }).registerWorkflow(SizeCheckWorkflow);
    try {
      const error = await errorOf(worker.start());
      expect(hasErrorCode(error, 'CONFIG'), String(error)).to.equal(true);
      expect(error?.message).to.match(/transport\.maxMessageBytes/);
    } finally {
      await worker.stop();
      await transport.close();
    }
  });

  it('publishes as before with the default, which the broker\'s default limit takes', async () => {
    const transport = createPulsarTransport(brokerOptions());
    try {
      expect(transport.capabilities.maxMessageBytes).to.equal(PULSAR_MAX_MESSAGE_BYTES);
      await transport.publish(freshName('max-size'), testEnvelope('x'.repeat(1000)));
    } finally {
      await transport.close();
    }
  });
});
