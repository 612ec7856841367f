import { expect } from 'chai';
import { encodeBatchPayload, encodeSingleMessageMetadata, type MessageMetadata } from '../../../src/client';
import { splitMessage, UNDECODABLE_PROPERTY } from '../../../src/client/commands/message';

/** One batch entry with whatever `payloadSize` it claims, followed by `body`. */
const entry = (payloadSize: number, body = Buffer.alloc(0)): Buffer => {
  const single = encodeSingleMessageMetadata({ payloadSize });
  const size = Buffer.alloc(4);
  size.writeUInt32BE(single.length, 0);
  return Buffer.concat([size, single, body]);
};
const batchOf = (numMessagesInBatch: number): MessageMetadata => ({ producerName: 'p', sequenceId: 0, publishTime: 1, numMessagesInBatch });
const id = { ledgerId: 4, entryId: 2 };

describe('MESSAGE batches bounded by their payload', () => {
  it('refuses an entry whose payloadSize is negative instead of reading the same bytes again', () => {
    // A payloadSize of minus the entry's header length sends the reader back to the start of the payload.
    // (a negative int32 is a 10-byte varint, so every negative size gives the same header length).
    const header = entry(-1).length;
    const hostile = entry(-header);
    expect(hostile.length).to.equal(header);
    const messages = splitMessage(id, 0, batchOf(2), hostile);
    expect(messages).to.have.length(1);
    expect(messages[0]!.properties[UNDECODABLE_PROPERTY]).to.match(/batch entry 0 of 2: payload size -\d+/);
    expect(Buffer.from(messages[0]!.payload)).to.deep.equal(hostile);
  });

  it('refuses a million entries declared in a payload that cannot hold them, before reading any', () => {
    const payload = encodeBatchPayload([{ payload: Buffer.from('x') }, { payload: Buffer.from('y') }]);
    const messages = splitMessage(id, 0, batchOf(1_000_000), payload);
    expect(messages).to.have.length(1);
    expect(messages[0]!.properties[UNDECODABLE_PROPERTY]).to.equal(`1000000 batch entries cannot fit in ${payload.length} bytes`);
    expect(messages[0]!.batchSize).to.equal(1);
  });

  it('refuses a negative entry count', () => {
    const messages = splitMessage(id, 0, batchOf(-3), encodeBatchPayload([{ payload: Buffer.from('x') }]));
    expect(messages).to.have.length(1);
    expect(messages[0]!.properties[UNDECODABLE_PROPERTY]).to.equal('batch of -3 entries');
  });

  it('still splits a batch whose entries fill its payload exactly, empty payloads included', () => {
    const payload = encodeBatchPayload([{ payload: Buffer.alloc(0) }, { payload: Buffer.from('z') }, { payload: Buffer.alloc(0) }]);
    const messages = splitMessage(id, 0, batchOf(3), payload);
    expect(messages.map((m) => Buffer.from(m.payload).toString())).to.deep.equal(['', 'z', '']);
    expect(messages.every((m) => m.properties[UNDECODABLE_PROPERTY] === undefined)).to.equal(true);
  });

  it('splits a batch of 0 entries into no messages', () => {
    expect(splitMessage(id, 0, batchOf(0), Buffer.alloc(0))).to.deep.equal([]);
  });
});
