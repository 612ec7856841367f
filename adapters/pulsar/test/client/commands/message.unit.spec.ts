import { expect } from 'chai';
import { decodeFrame, encodeBatchPayload, type MessageMetadata } from '../../../src/client';
import { deflateSync } from 'node:zlib';
import { splitMessage, UNDECODABLE_PROPERTY } from '../../../src/client/commands/message';
import { fixtureBody } from '../fixtures/fixtures';

describe('MESSAGE', () => {
  it('turns a recorded MESSAGE into one message with its key, properties and payload', () => {
    const frame = decodeFrame(fixtureBody('message'));
    const [m, ...rest] = splitMessage(frame.command.message!.messageId, 2, frame.metadata!, frame.payload!);
    expect(rest).to.have.length(0);
    expect(m!.key).to.equal('key-1');
    expect(m!.properties).to.deep.equal({ origin: 'fixture' });
    expect(m!.redeliveryCount).to.equal(2);
    expect(m!.batchSize).to.equal(1);
    expect(Buffer.from(m!.payload).toString()).to.equal('{"hello":"pulsar"}');
  });

  it('splits a recorded batch (three messages in one entry) with their keys, properties and batch indexes', () => {
    const frame = decodeFrame(fixtureBody('message-batch'));
    expect(frame.metadata!.numMessagesInBatch).to.equal(3);
    const messages = splitMessage(frame.command.message!.messageId, 0, frame.metadata!, frame.payload!);
    expect(messages.map((m) => Buffer.from(m.payload).toString())).to.deep.equal(['first', 'second', 'third']);
    expect(messages.map((m) => m.key)).to.deep.equal(['key-2', 'key-2', 'key-2']);
    expect(messages.map((m) => m.messageId.batchIndex)).to.deep.equal([0, 1, 2]);
    expect(messages[1]!.properties).to.deep.equal({ n: '2' });
  });

  it('splits a batch into its messages, each with its batch index and key', () => {
    const payload = encodeBatchPayload([
      { payload: Buffer.from('one'), key: 'a' },
      { payload: Buffer.from('two'), key: 'b', properties: { p: '1' } },
      { payload: Buffer.from('') },
    ]);
    const metadata: MessageMetadata = { producerName: 'p', sequenceId: 0, publishTime: 5, numMessagesInBatch: 3 };
    const messages = splitMessage({ ledgerId: 9, entryId: 4 }, 0, metadata, payload);
    expect(messages.map((m) => Buffer.from(m.payload).toString())).to.deep.equal(['one', 'two', '']);
    expect(messages.map((m) => m.key)).to.deep.equal(['a', 'b', undefined]);
    expect(messages.map((m) => m.messageId.batchIndex)).to.deep.equal([0, 1, 2]);
    expect(messages[1]!.properties).to.deep.equal({ p: '1' });
    expect(messages.every((m) => m.batchSize === 3)).to.equal(true);
  });

  it('inflates a ZLIB-compressed payload', () => {
    const metadata: MessageMetadata = { producerName: 'p', sequenceId: 0, publishTime: 1, compression: 2, partitionKey: 'k' };
    const [m] = splitMessage({ ledgerId: 1, entryId: 1 }, 0, metadata, deflateSync(Buffer.from('squeezed')));
    expect(Buffer.from(m!.payload).toString()).to.equal('squeezed');
    expect(m!.properties[UNDECODABLE_PROPERTY]).to.equal(undefined);
  });

  it('hands over an entry it cannot take apart whole, marked, instead of failing on it again and again', () => {
    const lz4: MessageMetadata = { producerName: 'p', sequenceId: 0, publishTime: 1, compression: 1, uncompressedSize: 8, partitionKey: 'k' };
    const [compressed, ...none] = splitMessage({ ledgerId: 1, entryId: 2 }, 0, lz4, Buffer.from([1, 2, 3]));
    expect(none).to.have.length(0);
    expect(compressed!.properties[UNDECODABLE_PROPERTY]).to.equal('LZ4 block refers 770 bytes back from byte 0');
    expect([compressed!.key, compressed!.batchSize]).to.deep.equal(['k', 1]);
    const truncated: MessageMetadata = { producerName: 'p', sequenceId: 0, publishTime: 1, numMessagesInBatch: 2 };
    const whole = splitMessage({ ledgerId: 1, entryId: 3 }, 0, truncated, encodeBatchPayload([{ payload: Buffer.from('only one') }]));
    expect(whole).to.have.length(1);
    expect(whole[0]!.properties[UNDECODABLE_PROPERTY]).to.match(/batch entry 1 of 2 truncated/);
    expect(Buffer.from(whole[0]!.payload).length).to.be.greaterThan(0);
  });
});
