import { expect } from 'chai';
import {
  type BaseCommand, CommandType, encodeCommand, encodeMessageMetadata, encodePayloadFrame, encodeSimpleFrame, FrameDecoder, FrameError,
} from '../../../src/client';

const message: BaseCommand = { type: CommandType.MESSAGE, message: { consumerId: 1, messageId: { ledgerId: 1, entryId: 1 } } };
const send: BaseCommand = { type: CommandType.SEND, send: { producerId: 1, sequenceId: 0 } };
const metadata = encodeMessageMetadata({ producerName: 'p', sequenceId: 0, publishTime: 1 });

/** `[totalSize][commandSize][command]` followed by `rest` as it is, with no magic number or checksum. */
const frameWithout = (command: BaseCommand, rest: Buffer): Buffer => {
  const cmd = encodeCommand(command);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(4 + cmd.length + rest.length, 0);
  head.writeUInt32BE(cmd.length, 4);
  return Buffer.concat([head, cmd, rest]);
};
const metadataAndPayload = (payload: Buffer): Buffer => {
  const size = Buffer.alloc(4);
  size.writeUInt32BE(metadata.length, 0);
  return Buffer.concat([size, metadata, payload]);
};

describe('FrameDecoder against hostile frames', () => {
  it('refuses a MESSAGE whose metadata and payload come without the magic number and checksum', () => {
    expect(() => new FrameDecoder().push(frameWithout(message, metadataAndPayload(Buffer.from('unchecked'))))).to.throw(FrameError, /without its magic number and checksum/);
  });

  it('refuses a SEND without the magic number and checksum too', () => {
    expect(() => new FrameDecoder().push(frameWithout(send, metadataAndPayload(Buffer.from('unchecked'))))).to.throw(FrameError, /without its magic number and checksum/);
  });

  it('refuses a MESSAGE or SEND that has no payload part at all', () => {
    expect(() => new FrameDecoder().push(encodeSimpleFrame(message))).to.throw(FrameError, /MESSAGE frame without its metadata and payload/);
    expect(() => new FrameDecoder().push(encodeSimpleFrame(send))).to.throw(FrameError, /SEND frame without its metadata and payload/);
  });

  it('keeps refusing broker-entry metadata that runs past the frame', () => {
    const frame = encodePayloadFrame(message, metadata, Buffer.from('x'));
    const cmdEnd = 8 + frame.readUInt32BE(4);
    const entryMetadata = Buffer.from([0x0e, 0x02, 0x7f, 0xff, 0xff, 0xff]);
    const bad = Buffer.concat([frame.subarray(0, cmdEnd), entryMetadata, frame.subarray(cmdEnd)]);
    bad.writeUInt32BE(bad.length - 4, 0);
    expect(() => new FrameDecoder().push(bad)).to.throw(FrameError);
  });

  it('reassembles a large frame arriving in 4 KiB chunks copying each byte a bounded number of times', () => {
    const frame = encodePayloadFrame(message, metadata, Buffer.alloc(1024 * 1024, 7));
    const decoder = new FrameDecoder();
    const concat = Buffer.concat;
    let copied = 0;
    // Counting the bytes that reassembly copies measures its work without a clock.
    Buffer.concat = (list: readonly Uint8Array[], totalLength?: number) => {
      const joined = concat(list, totalLength);
      copied += joined.length;
      return joined;
    };
    const frames = [];
    try {
      for (let at = 0; at < frame.length; at += 4096) frames.push(...decoder.push(frame.subarray(at, at + 4096)));
    } finally {
      Buffer.concat = concat;
    }
    expect(frames).to.have.length(1);
    expect(frames[0]!.payload!.length).to.equal(1024 * 1024);
    expect(copied).to.be.at.most(2 * frame.length);
  });

  it('still cuts many frames out of one chunk, and a frame whose size prefix is split across chunks', () => {
    const one = encodePayloadFrame(message, metadata, Buffer.from('one'));
    const two = encodePayloadFrame(message, metadata, Buffer.from('two'));
    const stream = Buffer.concat([one, two, one]);
    const decoder = new FrameDecoder();
    const split = one.length + two.length + 2;
    const payloads = [...decoder.push(stream.subarray(0, split)), ...decoder.push(stream.subarray(split))]
      .map((f) => Buffer.from(f.payload!).toString());
    expect(payloads).to.deep.equal(['one', 'two', 'one']);
  });
});
