import { eventually } from '@cadenza/conformance';
import { expect } from 'chai';
import { CommandType, type ConsumerMessage, createPulsarClient, encodeSingleMessageMetadata, type PulsarClient, UNDECODABLE_PROPERTY } from '../../src/client';
import { FakeBroker, handshake } from '../support/fake-broker';
import { ackedEntries, messageBroker, messageFrame } from './support/message-broker';

/** One batch entry, as a producer writes it and as compaction leaves it (`compactedOut`). */
const batchEntry = (body: string, compactedOut = false): Buffer => {
  const single = encodeSingleMessageMetadata({ payloadSize: Buffer.byteLength(body), ...(compactedOut ? { compactedOut } : {}) });
  const size = Buffer.alloc(4);
  size.writeUInt32BE(single.length, 0);
  return Buffer.concat([size, single, Buffer.from(body)]);
};
const meta = (extra: object = {}) => ({ producerName: 'p', sequenceId: 0, publishTime: 1, ...extra });

describe('Consumer: entries that deliver fewer messages than they declare, from a scripted broker', function () {
  this.timeout(10_000);
  let broker: FakeBroker;
  let client: PulsarClient | undefined;
  afterEach(async () => {
    await client?.close();
    await broker.stop();
  });

  const consume = async (push: (consumerId: number) => Buffer[], receiverQueueSize = 1000) => {
    broker = new FakeBroker(handshake(messageBroker(push)));
    client = createPulsarClient({ serviceUrl: await broker.start(), operationTimeoutMs: 2_000 });
    const received: ConsumerMessage[] = [];
    const consumer = await client.subscribe({
      topic: 't', subscription: 's', subscriptionType: 'Shared', receiverQueueSize,
      onMessage: (m) => {
        received.push(m);
        consumer.ack(m);
      },
    });
    return received;
  };

  it('acknowledges a batch of 0 entries itself, since no message of it will ever be acknowledged', async () => {
    const received = await consume((id) => [
      messageFrame(id, 1, meta({ numMessagesInBatch: 0 }), Buffer.alloc(0)),
      messageFrame(id, 2, meta(), Buffer.from('after')),
    ]);
    await eventually(() => expect(ackedEntries(broker.received)).to.include(2), { timeoutMs: 3_000 });
    expect(received.map((m) => Buffer.from(m.payload).toString())).to.deep.equal(['after']);
    expect(ackedEntries(broker.received)).to.deep.equal([1, 2]);
  });

  it('acknowledges a batch whose delivered messages are all acknowledged, even when some were compacted out', async () => {
    const payload = Buffer.concat([batchEntry('kept'), batchEntry('gone', true), batchEntry('kept too')]);
    const received = await consume((id) => [messageFrame(id, 5, meta({ numMessagesInBatch: 3 }), payload)]);
    await eventually(() => expect(ackedEntries(broker.received)).to.deep.equal([5]), { timeoutMs: 3_000 });
    expect(received.map((m) => Buffer.from(m.payload).toString())).to.deep.equal(['kept', 'kept too']);
  });

  it('gives back the permits the broker charged for a batch it declared larger than what it delivered', async () => {
    // The broker takes one permit per declared entry; an entry handed over whole (undecodable) returns one on its
    // ack, so the other 999 must be given back, or the broker stops sending once a queue's worth is gone.
    const received = await consume((id) => [messageFrame(id, 3, meta({ numMessagesInBatch: 1_000 }), batchEntry('too few'))], 10);
    const permits = () => broker.received.filter((f) => f.command.type === CommandType.FLOW).map((f) => f.command.flow!.messagePermits);
    await eventually(() => expect(ackedEntries(broker.received)).to.deep.equal([3]), { timeoutMs: 3_000 });
    expect(received).to.have.length(1);
    expect(received[0]!.properties[UNDECODABLE_PROPERTY]).to.match(/1000 batch entries cannot fit/);
    expect(permits()).to.deep.equal([10, 999]);
  });
});
