import { eventually, freshName, testEnvelope, valueOf } from '@cadenza/conformance';
import type { Envelope } from '@cadenza/core';
import { expect } from 'chai';
import type { KafkaTransport } from '../src';
import { startChild } from './support/child-transport-process';
import { createTestTransport, testOptions } from './support/kafka-broker';
import { privateKafka } from './support/private-broker';

/** A broker of its own (in this helper's range). */
const broker = privateKafka(19740, 'kafka-crash-loop-test');

describe('Kafka: a message that kills its process every time', function () {
  this.timeout(420_000);
  const open: KafkaTransport[] = [];
  before(() => broker.start());
  after(async () => {
    await Promise.all(open.splice(0).map((t) => t.close()));
    await broker.remove();
  });

  it('is dead-lettered after maxDeliveries deliveries that each killed a process, and its key goes on', async () => {
    const options = testOptions({ brokers: [broker.address], runDelayForwarder: false });
    const topic = freshName('topic');
    const group = freshName('group');
    const deadLetterTopic = freshName('dead-letter');
    const maxDeliveries = 3;
    const publisher = await createTestTransport(options);
    open.push(publisher);
    await publisher.publish(topic, testEnvelope('poison'), { key: 'k' });
    await publisher.publish(topic, testEnvelope('next'), { key: 'k' });
    const dead: Envelope[] = [];
    await publisher.subscribe(deadLetterTopic, freshName('dlq-reader'), async (d) => void dead.push(d.envelope),
      { order: 'none', deadLetterTopic: freshName('unused') });

    // A supervisor: each process that dies is replaced, up to twice the deliveries the message may take.
    let deaths = 0;
    let finished: unknown[] = [];
    for (let life = 0; life < 2 * maxDeliveries && !finished.includes('next'); life++) {
      const { child, reports } = startChild({ mode: 'consume', options, topic, group, deadLetterTopic, hangOn: 'never', killOn: 'poison', maxDeliveries });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const outcome = await Promise.race([
        exited.then(() => 'died' as const),
        eventually(() => expect(reports.map((r) => r.finished)).to.include('next'), { timeoutMs: 120_000 })
          .then(() => 'went on' as const, () => 'stuck' as const),
      ]);
      expect(outcome, 'a process neither died nor went on').to.not.equal('stuck');
      finished = reports.map((r) => r.finished);
      if (outcome === 'died') deaths++;
      child.kill('SIGKILL');
      await exited;
    }

    expect(finished, 'the key went on after the poison message').to.include('next');
    expect(deaths, 'processes the poison message killed').to.equal(maxDeliveries);
    await eventually(() => expect(dead).to.have.length(1), { timeoutMs: 30_000 });
    const letter = dead[0]!.message;
    expect(letter.kind).to.equal('DeadLetter');
    if (letter.kind !== 'DeadLetter') return;
    expect(letter.deliveries).to.equal(maxDeliveries);
    expect(letter.reason).to.match(/process died/);
    expect(valueOf(JSON.parse(Buffer.from(letter.raw, 'base64').toString('utf8')) as Envelope)).to.equal('poison');
  });
});
