import { expect } from 'chai';
import { cloudEventOfRecord, InvalidCloudEventRecordError, kafkaRecordOf } from '../src/kafka-record';
import { transferEvent } from './support/cloud-events';

/** What a kafkajs consumer hands over for a record the bridge wrote: Buffers everywhere. */
const asConsumed = (message: ReturnType<typeof kafkaRecordOf>) => ({
  key: message.key === null || message.key === undefined ? null : Buffer.from(message.key),
  value: message.value === null ? null : Buffer.from(message.value),
  headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))])),
});

describe('kafka records of CloudEvents', () => {
  it('read back as the same valid CloudEvent, extensions included', () => {
    const event = transferEvent('e1', 'io.cadenza.task.completed', 'wire-1');
    const back = cloudEventOfRecord(asConsumed(kafkaRecordOf(event, 'wire-1')));
    expect(back.id).to.equal('e1');
    expect(back).to.deep.include({ type: 'io.cadenza.task.completed', subject: 'wire-1', cadenzaworkflowid: 'wire-1', data: event.data });
  });

  it('turn a plain event object into a structured record too', () => {
    const plain = JSON.parse(JSON.stringify(transferEvent('e2', 'io.cadenza.workflow.started', 'w'))) as ReturnType<typeof transferEvent>;
    expect(cloudEventOfRecord(asConsumed(kafkaRecordOf(plain, 'w'))).id).to.equal('e2');
  });

  it('refuse a record that is not a CloudEvent', () => {
    expect(() => cloudEventOfRecord({ key: null, value: Buffer.from('{"hello":1}'), headers: { 'content-type': Buffer.from('application/json') } }))
      .to.throw(InvalidCloudEventRecordError, /record with key \(none\) is not a valid CloudEvent: No CloudEvent detected/);
    expect(() => cloudEventOfRecord({ key: null, value: Buffer.from('{"id":"x"}'), headers: { 'content-type': Buffer.from('application/cloudevents+json') } }))
      .to.throw(InvalidCloudEventRecordError, /is not a valid CloudEvent/);
    expect(() => cloudEventOfRecord({ key: Buffer.from('k'), value: Buffer.from('{"id":"x","time":"2026-12-01T15:00:00Z"}'), headers: { 'content-type': Buffer.from('application/cloudevents+json') } }))
      .to.throw(InvalidCloudEventRecordError, /record with key k is not a valid CloudEvent: .*source/);
  });
});
