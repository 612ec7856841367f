import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { type Delivery } from '@cadenza/core';
import { eventually, freshName, testEnvelope, valueOf } from '@cadenza/conformance';
import { expect } from 'chai';
import { createPulsarTransport } from '../src';
import { brokerOptions, mustReachBroker } from './support/broker';

const infra = join(__dirname, '../../../../infra/pulsar');
const run = (script: string) => execFileSync('bash', [join(infra, script)], { stdio: 'pipe', timeout: 240_000 });

describe('Pulsar transport across a broker restart', function () {
  this.timeout(300_000);
  before(mustReachBroker);
  after(() => run('start.sh')); // leave a broker running for whatever runs next

  it('delivers what was published before, during and after the restart, delayed messages included (at least once each)', async () => {
    const transport = createPulsarTransport(brokerOptions({ operationTimeoutMs: 120_000 }));
    try {
      const topic = freshName('restart');
      const deadLetterTopic = freshName('restart-dlq');
      const got = new Map<unknown, { at: number; count: number }>();
      await transport.subscribe(topic, freshName('group'), async (d: Delivery) => {
        const value = valueOf(d.envelope);
        got.set(value, { at: Date.now(), count: (got.get(value)?.count ?? 0) + 1 });
      }, { order: 'per-key', concurrency: 4, deadLetterTopic });

      await transport.publish(topic, testEnvelope('before'), { key: 'k' });
      const deliverAt = Date.now() + 8_000;
      await transport.publish(topic, testEnvelope('delayed'), { key: 'k', deliverAt });
      await eventually(() => expect(got.has('before')).to.equal(true), { timeoutMs: 20_000 });

      run('stop.sh');
      const during = transport.publish(topic, testEnvelope('during'), { key: 'k' });
      run('start.sh');
      await during;
      await transport.publish(topic, testEnvelope('after'), { key: 'k' });

      await eventually(() => expect([...got.keys()]).to.have.members(['before', 'delayed', 'during', 'after']), { timeoutMs: 90_000, everyMs: 200 });
      expect(got.get('delayed')!.at).to.be.at.least(deliverAt);
    } finally {
      await transport.close();
    }
  });
});
