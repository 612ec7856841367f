import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { eventually, freshName, testEnvelope, valueOf } from '@cadenza/conformance';
import { expect } from 'chai';
import { createPulsarTransport, type PulsarTransport } from '../src';
import { brokerOptions, mustReachBroker } from './support/broker';

const startChild = (command: object): { child: ChildProcess; reports: Array<Record<string, unknown>> } => {
  const child = fork(join(__dirname, 'support', 'child-transport.js'), [JSON.stringify(command)], { stdio: 'inherit' });
  const reports: Array<Record<string, unknown>> = [];
  child.on('message', (message) => reports.push(message as Record<string, unknown>));
  return { child, reports };
};

const kill = async (child: ChildProcess): Promise<void> => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
};

describe('Pulsar transport: a killed process loses nothing', function () {
  this.timeout(90_000);
  before(mustReachBroker);
  const open: PulsarTransport[] = [];
  const transport = () => {
    const t = createPulsarTransport(brokerOptions());
    open.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.close()));
  });

  it('redelivers what a killed consumer had in flight or queued, in key order, and skips nothing', async () => {
    const topic = freshName('kill');
    const group = freshName('group');
    const deadLetterTopic = freshName('dlq');
    const keys = ['a', 'b', 'c', 'd'];
    const total = 200;
    const publisher = transport();
    for (let i = 0; i < total; i++) await publisher.publish(topic, testEnvelope(i), { key: keys[i % keys.length]! });

    const { child, reports } = startChild({ mode: 'consume', options: brokerOptions(), topic, group, deadLetterTopic, hangOn: 41 });
    await eventually(() => expect(reports.some((r) => r.hanging === 41)).to.equal(true), { timeoutMs: 30_000 });
    await eventually(() => expect(reports.filter((r) => 'finished' in r).length).to.be.greaterThan(100), { timeoutMs: 30_000 });
    await kill(child);
    const finishedByChild = new Set(reports.filter((r) => 'finished' in r).map((r) => r.finished as number));
    expect(finishedByChild.has(41)).to.equal(false);

    const handled: number[] = [];
    await transport().subscribe(topic, group, async (d) => void handled.push(valueOf(d.envelope) as number),
      { order: 'per-key', concurrency: 4, deadLetterTopic });
    await eventually(() => expect(new Set([...finishedByChild, ...handled]).size).to.equal(total), { timeoutMs: 45_000 });
    expect(handled, 'the message in flight at the kill').to.include(41);
    for (const [index, key] of keys.entries()) {
      const ofKey = handled.filter((v) => v % keys.length === index);
      expect(ofKey, `key ${key} in order`).to.deep.equal([...ofKey].sort((x, y) => x - y));
    }
  });

  it('delivers a delayed message whose publisher was killed right after publishing', async () => {
    const topic = freshName('kill-delayed');
    const got: Array<{ value: unknown; at: number }> = [];
    await transport().subscribe(topic, freshName('group'), async (d) => void got.push({ value: valueOf(d.envelope), at: Date.now() }),
      { order: 'per-key', deadLetterTopic: freshName('dlq') });
    const deliverAt = Date.now() + 3_000;
    const { child, reports } = startChild({ mode: 'publish-delayed', options: brokerOptions(), topic, value: 'from a dead process', deliverAt });
    await eventually(() => expect(reports.some((r) => r.published === 'from a dead process')).to.equal(true), { timeoutMs: 30_000 });
    await kill(child);
    await eventually(() => expect(got.map((g) => g.value)).to.deep.equal(['from a dead process']), { timeoutMs: 30_000 });
    expect(got[0]!.at).to.be.at.least(deliverAt);
  });
});
