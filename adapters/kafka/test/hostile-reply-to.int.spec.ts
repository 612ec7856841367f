import { eventually, freshName } from '@cadenza/conformance';
import { createWorker, type Envelope, type MessageOf, type Transport, Workflow } from '@cadenza/core';
import { createInMemoryHistoryStore } from '@cadenza/in-memory';
import { expect } from 'chai';
import { Kafka, logLevel } from 'kafkajs';
import { BROKERS, createTestTransport, useKafkaBroker } from './support/kafka-broker';

useKafkaBroker();

class HostileReplyWorkflow extends Workflow {
  async greet(): Promise<string> {
    return 'hello';
  }
}

describe('Kafka: a replyTo from a message is checked before any topic is made of it', function () {
  this.timeout(90_000);
  const open: Array<{ close?: () => Promise<void>; stop?: () => Promise<void> }> = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await (o.stop?.() ?? o.close?.());
  });

  it('dead-letters a RunWorkflow whose replyTo is another namespace, a path or too long, and creates no topic for it', async () => {
    const namespace = freshName('ns');
    const transport: Transport = await createTestTransport();
    open.push(transport);
    const worker = createWorker({ transport, history: createInMemoryHistoryStore(), namespace, routeDeadLetters: false }).registerWorkflow(HostileReplyWorkflow);
    await worker.start();
    open.push(worker);
    const dead: Envelope[] = [];
    await transport.subscribe(`${namespace}.dead-letter`, freshName('dlq-reader'), async (d) => void dead.push(d.envelope),
      { order: 'none', deadLetterTopic: freshName('unused') });
    const otherNamespace = `${freshName('other')}.client.spy`;
    const hostile = [otherNamespace, '../x', `${namespace}.client.${'a'.repeat(300)}`, `${namespace}.client.c\u0001`];
    for (const [i, replyTo] of hostile.entries()) {
      await transport.publish(`${namespace}.workflow.HostileReplyWorkflow`, {
        v: 1, id: `run-${i}`, at: Date.now(),
        message: { kind: 'RunWorkflow', workflowName: 'HostileReplyWorkflow', workflowId: `w${i}`, method: 'greet', args: [], tags: [], meta: {}, replyTo },
      }, { key: `w${i}` });
    }
    await eventually(() => expect(dead).to.have.length(hostile.length), { timeoutMs: 60_000 });
    for (const letter of dead.map((e) => e.message as MessageOf<'DeadLetter'>)) {
      expect(letter.reason).to.match(/^invalid name at message\.replyTo: expected a client topic of namespace /);
    }
    const admin = new Kafka({ brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topics = await admin.listTopics();
      expect(topics).not.to.include(otherNamespace);
      expect(topics.filter((t) => t.startsWith(`${namespace}.client.`))).to.deep.equal([]);
    } finally {
      await admin.disconnect();
    }
  });
});
