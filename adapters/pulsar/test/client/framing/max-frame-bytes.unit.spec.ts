import { expect } from 'chai';
import { FrameDecoder, FrameError } from '../../../src/client';
import { DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_MESSAGE_BYTES, maxFrameBytesFor } from '../../../src/client/framing/frame';

/** The first 4 bytes of a frame announcing `total` bytes after them. */
const header = (total: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(total);
  return b;
};

describe('maxFrameBytesFor', () => {
  it('keeps the default frame bound for messages up to Pulsar\'s default size', () => {
    expect(maxFrameBytesFor(1)).to.equal(DEFAULT_MAX_FRAME_BYTES);
    expect(maxFrameBytesFor(DEFAULT_MAX_MESSAGE_BYTES)).to.equal(DEFAULT_MAX_FRAME_BYTES);
  });

  it('grows with a larger maxMessageBytes, so that a decoder reads frames it would refuse by default', () => {
    const bound = maxFrameBytesFor(20 * 1024 * 1024);
    expect(bound).to.equal(20 * 1024 * 1024 + DEFAULT_MAX_FRAME_BYTES - DEFAULT_MAX_MESSAGE_BYTES);
    const announced = header(10 * 1024 * 1024);
    expect(() => new FrameDecoder().push(announced)).to.throw(FrameError, /outside 4\.\./);
    expect(new FrameDecoder(bound).push(announced)).to.deep.equal([]);
  });
});
