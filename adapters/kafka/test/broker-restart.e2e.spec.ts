import { eventually, freshName, testEnvelope, valueOf } from '@cadenza/conformance';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { KafkaTransport } from '../src';
import { createTestTransport, useKafkaBroker } from './support/kafka-broker';

useKafkaBroker();

const repoRoot = resolve(__dirname, '..', '..', '..', '..');
/** A broker of its own, so restarting it disturbs nobody else using the shared one on 9092. */
const PORT = 19092;
const privateBroker = {
  KAFKA_PORT: String(PORT),
  KAFKA_CONTROLLER_PORT: String(PORT + 1),
  KAFKA_RUN_DIR: resolve(repoRoot, 'infra/.run/kafka-restart-test'),
};
const script = (name: string) => promisify(execFile)(resolve(repoRoot, 'infra/kafka', name), {
  timeout: 180_000, env: { ...process.env, ...privateBroker },
});

describe('Kafka transport: a broker restart loses nothing', function () {
  this.timeout(240_000);
  const open: KafkaTransport[] = [];
  const connect = async () => {
    const transport = await createTestTransport({ brokers: [`127.0.0.1:${PORT}`] });
    open.push(transport);
    return transport;
  };
  before(() => script('start.sh'));
  after(async () => {
    await script('stop.sh');
    await promisify(execFile)('rm', ['-rf', privateBroker.KAFKA_RUN_DIR]);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.close()));
  });

  it('delivers delayed and pending messages published before the broker restarted', async () => {
    const topic = freshName('topic');
    const t = await connect();
    const deliverAt = Date.now() + 2_000;
    await t.publish(topic, testEnvelope('delayed'), { key: 'k', deliverAt });
    await t.publish(topic, testEnvelope('far'), { key: 'f', deliverAt: Date.now() + 3_600_000 });
    await t.publish(topic, testEnvelope('pending'), { key: 'p' });
    await t.close();

    await script('restart.sh');

    const successor = await connect();
    const got: Array<{ value: unknown; at: number }> = [];
    await successor.subscribe(topic, freshName('group'), async (d) => void got.push({ value: valueOf(d.envelope), at: Date.now() }),
      { order: 'per-key', deadLetterTopic: freshName('dead-letter') });
    await eventually(() => expect(got.map((g) => g.value), 'messages delivered after the restart').to.have.members(['pending', 'delayed']), { timeoutMs: 60_000 });
    expect(got.find((g) => g.value === 'delayed')!.at).to.be.at.least(deliverAt);
  });

  it('keeps a live subscription and its delay forwarder working across a broker restart', async () => {
    const topic = freshName('topic');
    const t = await connect();
    const got: unknown[] = [];
    await t.subscribe(topic, freshName('group'), async (d) => void got.push(valueOf(d.envelope)),
      { order: 'per-key', deadLetterTopic: freshName('dead-letter') });
    await t.publish(topic, testEnvelope('before'), { key: 'k' });
    await eventually(() => expect(got, 'delivered before the restart').to.deep.equal(['before']), { timeoutMs: 30_000 });
    await t.publish(topic, testEnvelope('due during the restart'), { key: 'k', deliverAt: Date.now() + 1_000 });

    await script('restart.sh');

    await eventually(() => expect(got, 'a delayed message due during the restart, delivered after it').to.include('due during the restart'), { timeoutMs: 90_000 });
    await eventually(async () => {
      await t.publish(topic, testEnvelope('after'), { key: 'k' });
      expect(got, 'a message published after the restart').to.include('after');
    }, { timeoutMs: 90_000, everyMs: 2_000 });
  });
});
