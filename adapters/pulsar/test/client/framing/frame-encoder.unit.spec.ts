import { expect } from 'chai';
import {
  CommandType, crc32c, decodeFrame, encodePayloadFrame, encodeSendMetadata, encodeSimpleFrame, MAGIC_CRC32C,
  messageMetadata, sendCommand, toNumber,
} from '../../../src/client';
import { fixture } from '../fixtures/fixtures';

describe('frame encoder', () => {
  it('writes a SEND frame byte for byte as the one the broker accepted', () => {
    const payload = Buffer.from('{"hello":"pulsar"}');
    const recorded = fixture('send-request');
    const producerName = decodeFrame(recorded.subarray(4)).metadata!.producerName;
    const frame = encodePayloadFrame(
      sendCommand(5, 0),
      encodeSendMetadata(messageMetadata(producerName, 0, 1_700_000_000_000, { payload, key: 'key-1', properties: { origin: 'fixture' } })),
      payload,
    );
    expect(frame.equals(recorded)).to.equal(true);
  });

  it('lays out a payload frame as size, command, magic, CRC-32C, metadata size, metadata, payload', () => {
    const metadata = encodeSendMetadata(messageMetadata('p', 3, 1, { payload: Buffer.from('x'), deliverAt: 123_456 }));
    const frame = encodePayloadFrame(sendCommand(1, 3), metadata, Buffer.from('body'));
    expect(frame.readUInt32BE(0)).to.equal(frame.length - 4);
    const commandSize = frame.readUInt32BE(4);
    const at = 8 + commandSize;
    expect(frame.readUInt16BE(at)).to.equal(MAGIC_CRC32C);
    expect(frame.readUInt32BE(at + 2)).to.equal(crc32c(frame.subarray(at + 6)));
    expect(frame.readUInt32BE(at + 6)).to.equal(metadata.length);
    const decoded = decodeFrame(frame.subarray(4));
    expect(toNumber(decoded.metadata!.deliverAtTime)).to.equal(123_456);
    expect(toNumber(decoded.command.send!.sequenceId)).to.equal(3);
    expect(Buffer.from(decoded.payload!).toString()).to.equal('body');
  });

  it('round-trips a simple command', () => {
    const frame = encodeSimpleFrame({ type: CommandType.FLOW, flow: { consumerId: 9, messagePermits: 500 } });
    const decoded = decodeFrame(frame.subarray(4));
    expect(decoded.command.type).to.equal(CommandType.FLOW);
    expect(decoded.command.flow!.messagePermits).to.equal(500);
    expect(decoded.payload).to.equal(undefined);
  });
});
