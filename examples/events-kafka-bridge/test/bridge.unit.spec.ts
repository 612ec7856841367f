import { expect } from 'chai';
import { createKafkaBridge, workflowKeyOf } from '../src/bridge';
import { EVENT_TIME, transferEvent } from './support/cloud-events';
import { RecordingProducer } from './support/recording-producer';

const started = transferEvent('e1', 'io.cadenza.workflow.started', 'wire-1');
const scheduled = transferEvent('e2', 'io.cadenza.task.scheduled', 'wire-1');
const completed = transferEvent('e3', 'io.cadenza.workflow.completed', 'wire-2');

describe('kafka bridge', () => {
  it('sends the chosen types in order, in one send acknowledged by all replicas, keyed by workflow id', async () => {
    const producer = new RecordingProducer();
    const bridge = createKafkaBridge(producer, { topic: 'audit.events', types: ['io.cadenza.workflow', 'io.cadenza.task.completed'] });
    const lookalike = transferEvent('e4', 'io.cadenza.task.completedx', 'wire-3');
    expect(await bridge.forward([started, scheduled, completed, lookalike])).to.equal(2);
    expect(producer.sent).to.have.length(1);
    const [record] = producer.sent;
    expect(record).to.include({ topic: 'audit.events', acks: -1 });
    expect(record!.messages.map((m) => m.key)).to.deep.equal(['wire-1', 'wire-2']);
    expect(record!.messages.map((m) => JSON.parse(String(m.value)).id)).to.deep.equal(['e1', 'e3']);
  });

  it('writes each event in the structured mode of the Kafka binding, unchanged', async () => {
    const producer = new RecordingProducer();
    await createKafkaBridge(producer, { topic: 't', types: ['io.cadenza'] }).forward([started]);
    const message = producer.sent[0]!.messages[0]!;
    expect(message.headers).to.deep.equal({ 'content-type': 'application/cloudevents+json; charset=utf-8' });
    expect(message.timestamp).to.equal(String(Date.parse(EVENT_TIME)));
    expect(JSON.parse(String(message.value))).to.deep.equal(JSON.parse(JSON.stringify(started)));
  });

  it('sends nothing for a batch with no chosen type', async () => {
    const producer = new RecordingProducer();
    expect(await createKafkaBridge(producer, { topic: 't', types: ['io.cadenza.task.failed'] }).forward([started, scheduled])).to.equal(0);
    expect(producer.sent).to.deep.equal([]);
  });

  it('rejects when the send fails, so the listener does not acknowledge the batch', async () => {
    const producer = new RecordingProducer();
    producer.failure = new Error('broker gone');
    let thrown: unknown;
    await createKafkaBridge(producer, { topic: 't', types: ['io.cadenza'] }).forward([started]).catch((error: unknown) => { thrown = error; });
    expect(thrown).to.equal(producer.failure);
  });

  it('keys an event without the workflow id extension by its subject', () => {
    expect(workflowKeyOf({ ...started, cadenzaworkflowid: undefined })).to.equal('wire-1');
    expect(workflowKeyOf({ id: 'x', type: 't', source: '/s', specversion: '1.0' })).to.equal(null);
  });

  it('refuses a bad topic or an empty type list, naming the option', () => {
    const producer = new RecordingProducer();
    expect(() => createKafkaBridge(producer, { topic: 'no spaces', types: ['io.cadenza'] })).to.throw(/invalid config at topic: expected a Kafka topic name/);
    expect(() => createKafkaBridge(producer, { topic: 't', types: [] })).to.throw(/invalid config at types: expected a non-empty list/);
  });
});
