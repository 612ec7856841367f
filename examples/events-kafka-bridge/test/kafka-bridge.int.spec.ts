import type { CadenzaCloudEvent, CadenzaConfig } from '@cadenza/core';
import { eventually, freshName, recordingLogger } from '@cadenza/conformance';
import { createEventListener, type EventListener } from '@cadenza/events';
import { BankWorkflow, startBank, type Bank } from '@cadenza/example-bank-transfer';
import { expect } from 'chai';
import { type Consumer, Kafka, logLevel, type Producer } from 'kafkajs';
import { cloudEventOfRecord, startKafkaBridge } from '../src';

const brokers = (process.env.CADENZA_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const TYPES = ['io.cadenza.workflow', 'io.cadenza.task.completed'];
const TRANSFERS = 10;

describe('kafka bridge of the bank transfer (in-memory transport → Kafka 127.0.0.1:9092)', function () {
  this.timeout(90_000);
  const namespace = freshName('bridge');
  const topic = freshName('cadenza-bridge-target');
  // Events are off by default: the workers must publish them for any listener to see them.
  const config: CadenzaConfig = {
    transport: { type: 'in-memory' }, history: { type: 'in-memory' }, namespace, logLevel: 'error', events: { publish: true },
  };
  const kafka = new Kafka({ clientId: 'events-kafka-bridge-test', brokers, logLevel: logLevel.NOTHING });
  const listeners: EventListener[] = [];
  let producer: Producer;
  let consumer: Consumer;
  let bank: Bank;

  before(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();
    producer = kafka.producer();
    await producer.connect();
    consumer = kafka.consumer({ groupId: freshName('bridge-reader') });
    await consumer.connect();
    bank = await startBank(config, ['alice', 'bob']);
  });

  after(async () => {
    await Promise.all(listeners.map((l) => l.stop()));
    await bank?.stop();
    await consumer?.disconnect();
    await producer?.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('forwards the chosen events as valid CloudEvents with the same ids, keyed by workflow id, a failed send included', async () => {
    const expected = new Map<string, CadenzaCloudEvent>();
    const log = recordingLogger();
    listeners.push(await createEventListener(config, { group: 'reference', filter: { types: TYPES }, onBatch: (events) => { for (const e of events) expected.set(e.id, e); } }));
    // The first send fails as a broker outage would: that batch must not be acknowledged, and arrives later.
    let sends = 0;
    const failingOnce = { send: (record: Parameters<Producer['send']>[0]) => (++sends === 1 ? Promise.reject(new Error('broker gone')) : producer.send(record)) };
    listeners.push(await startKafkaBridge(config, { producer: failingOnce, topic, types: TYPES, logger: log }));

    const arrived: { key: string | undefined; contentType: string | undefined; event: CadenzaCloudEvent }[] = [];
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        arrived.push({ key: message.key?.toString(), contentType: message.headers?.['content-type']?.toString(), event: cloudEventOfRecord(message) });
      },
    });

    const wires = Array.from({ length: TRANSFERS }, (_, i) => `wire-${namespace}-${i}`);
    await Promise.all(wires.map((id) => bank.client.newWorkflow(BankWorkflow, { id }).wire(id, 'alice', 'bob', 5)));

    await eventually(() => {
      expect([...expected.values()].filter((e) => e.type === 'io.cadenza.workflow.completed')).to.have.length(TRANSFERS);
      expect(new Set(arrived.map((a) => a.event.id)).size).to.equal(expected.size);
    }, { timeoutMs: 60_000, everyMs: 100 });

    expect([...new Set(arrived.map((a) => a.event.id))].sort()).to.deep.equal([...expected.keys()].sort());
    expect(sends).to.be.at.least(2);
    expect(log.lines.filter((l) => l.message === 'event handler threw; retrying')).to.have.length(1);
    for (const { key, contentType, event } of arrived) {
      const original = expected.get(event.id)!;
      expect(contentType).to.equal('application/cloudevents+json; charset=utf-8');
      expect(key).to.equal(original.subject);
      expect(event.type).to.equal(original.type);
      expect(event.data).to.deep.equal(original.data);
      expect(TYPES.some((t) => event.type.startsWith(t))).to.equal(true);
    }
    for (const wire of wires) {
      expect(arrived.filter((a) => a.key === wire).map((a) => a.event.type), wire)
        .to.include.members(['io.cadenza.workflow.started', 'io.cadenza.task.completed', 'io.cadenza.workflow.completed']);
    }
  });
});
