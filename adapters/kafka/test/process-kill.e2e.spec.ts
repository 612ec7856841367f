import { eventually, freshName, testEnvelope, valueOf } from '@cadenza/conformance';
import { expect } from 'chai';
import type { KafkaTransport } from '../src';
import { kill, startChild } from './support/child-transport-process';
import { createTestTransport, useKafkaBroker, testOptions } from './support/kafka-broker';

useKafkaBroker();

describe('Kafka transport: a killed process loses nothing', function () {
  this.timeout(90_000);
  const open: KafkaTransport[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.close()));
  });

  it('redelivers what a killed consumer had in flight or unfinished, and skips nothing', async () => {
    const topic = freshName('topic');
    const group = freshName('group');
    const deadLetterTopic = freshName('dead-letter');
    const publisher = await createTestTransport({ runDelayForwarder: false });
    open.push(publisher);
    const total = 200;
    const keys = ['a', 'b', 'c', 'd'];
    for (let i = 0; i < total; i++) await publisher.publish(topic, testEnvelope(i), { key: keys[i % keys.length]! });

    const { child, reports } = startChild({ mode: 'consume', options: testOptions({ runDelayForwarder: false }), topic, group, deadLetterTopic, hangOn: 41 });
    await eventually(() => expect(reports.some((r) => r.hanging === 41)).to.equal(true), { timeoutMs: 30_000 });
    await eventually(() => expect(reports.filter((r) => 'finished' in r).length).to.be.greaterThan(100), { timeoutMs: 30_000 });
    await kill(child);
    const finishedByChild = new Set(reports.filter((r) => 'finished' in r).map((r) => r.finished as number));
    expect(finishedByChild.has(41)).to.equal(false);

    const successor = await createTestTransport({ runDelayForwarder: false });
    open.push(successor);
    const handled: number[] = [];
    await successor.subscribe(topic, group, async (d) => void handled.push(valueOf(d.envelope) as number),
      { order: 'per-key', concurrency: 4, deadLetterTopic });
    await eventually(() => {
      const all = new Set([...finishedByChild, ...handled]);
      expect(all.size, 'every message finished by one process or the other').to.equal(total);
    }, { timeoutMs: 45_000 });
    expect(handled, 'the message in flight at the kill').to.include(41);
    // Its key resumes with it: what comes before it again was finished but not yet committed at the kill.
    const key41 = handled.filter((v) => v % keys.length === 41 % keys.length);
    const at = key41.indexOf(41);
    expect(key41.slice(0, at).every((v) => v < 41), `key order around 41: ${key41.join(',')}`).to.equal(true);
    expect(key41.slice(at), 'the rest of its key in order').to.deep.equal([...key41.slice(at)].sort((a, b) => a - b));
  });

  it('delivers a delayed message after the process that published it was killed', async () => {
    const topic = freshName('topic');
    const deliverAt = Date.now() + 3_000;
    const { child, reports } = startChild({ mode: 'publish-delayed', options: testOptions(), topic, deliverAt, value: 'survivor' });
    await eventually(() => expect(reports.some((r) => r.published === true)).to.equal(true), { timeoutMs: 30_000 });
    await kill(child);

    const successor = await createTestTransport();
    open.push(successor);
    const got: Array<{ value: unknown; at: number }> = [];
    await successor.subscribe(topic, freshName('group'), async (d) => void got.push({ value: valueOf(d.envelope), at: Date.now() }),
      { order: 'per-key', deadLetterTopic: freshName('dead-letter') });
    // The killed forwarder's group membership must time out before the new one gets the delay partitions.
    await eventually(() => expect(got.map((g) => g.value)).to.deep.equal(['survivor']), { timeoutMs: 45_000 });
    expect(got[0]!.at).to.be.at.least(deliverAt);
  });

  it('lets a restarted static member (same groupInstanceId) take its partitions back without waiting out the dead one', async () => {
    const topic = freshName('topic');
    const group = freshName('group');
    const deadLetterTopic = freshName('dead-letter');
    // A dead dynamic member would hold the group for a minute: its session, and the rebalance that waits for it.
    const options = testOptions({ runDelayForwarder: false, groupInstanceId: freshName('instance'), sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 60_000 });
    const publisher = await createTestTransport({ runDelayForwarder: false });
    open.push(publisher);
    await publisher.publish(topic, testEnvelope('first'), { key: 'k' });
    const { child, reports } = startChild({ mode: 'consume', options, topic, group, deadLetterTopic, hangOn: 'never' });
    await eventually(() => expect(reports.some((r) => r.finished === 'first')).to.equal(true), { timeoutMs: 30_000 });
    await kill(child);

    const successor = await createTestTransport(options);
    open.push(successor);
    const handled: unknown[] = [];
    await successor.subscribe(topic, group, async (d) => void handled.push(valueOf(d.envelope)), { order: 'per-key', concurrency: 4, deadLetterTopic });
    await publisher.publish(topic, testEnvelope('second'), { key: 'k' });
    // Well inside the minute a dynamic successor would wait.
    await eventually(() => expect(handled).to.include('second'), { timeoutMs: 30_000 });
  });
});
