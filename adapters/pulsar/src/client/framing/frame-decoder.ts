/**
 * Cuts a TCP byte stream into frames (grammar in `frame.ts`). Bytes are buffered until a whole frame is
 * there; a frame that is too large, does not parse, or fails its CRC-32C throws {@link FrameError}, after
 * which the decoder is unusable and the connection must be dropped.
 */
import { decodeCommand, decodeMessageMetadata } from '../proto/pulsar-api.codec';
import { crc32c } from './crc32c';
import { DEFAULT_MAX_FRAME_BYTES, type Frame, MAGIC_BROKER_ENTRY_METADATA, MAGIC_CRC32C } from './frame';
import { FrameError } from './frame-error';

export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {}

  /** Adds bytes from the socket and returns every frame now complete, in order. */
  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    let at = 0;
    while (this.pending.length - at >= 4) {
      const total = this.pending.readUInt32BE(at);
      if (total < 4 || total > this.maxFrameBytes) throw new FrameError(`frame size ${total} outside 4..${this.maxFrameBytes}`);
      if (this.pending.length - at - 4 < total) break;
      frames.push(decodeFrame(this.pending.subarray(at + 4, at + 4 + total)));
      at += 4 + total;
    }
    this.pending = at === this.pending.length ? Buffer.alloc(0) : this.pending.subarray(at);
    return frames;
  }
}

/** Decodes one frame body (everything after `totalSize`). */
export const decodeFrame = (body: Buffer): Frame => {
  const commandSize = body.readUInt32BE(0);
  if (commandSize > body.length - 4) throw new FrameError(`command size ${commandSize} exceeds frame size ${body.length}`);
  let command;
  try {
    command = decodeCommand(body.subarray(4, 4 + commandSize));
  } catch (error) {
    throw new FrameError(`command does not parse (${(error as Error).message})`);
  }
  let at = 4 + commandSize;
  if (at === body.length) return { command };
  if (body.length - at >= 6 && body.readUInt16BE(at) === MAGIC_BROKER_ENTRY_METADATA) {
    at += 6 + body.readUInt32BE(at + 2);
  }
  if (body.length - at >= 6 && body.readUInt16BE(at) === MAGIC_CRC32C) {
    const expected = body.readUInt32BE(at + 2);
    at += 6;
    const actual = crc32c(body.subarray(at));
    if (actual !== expected) throw new FrameError(`payload checksum ${hex(actual)} does not match ${hex(expected)}`);
  }
  if (body.length - at < 4) throw new FrameError('payload frame too short for its metadata size');
  const metadataSize = body.readUInt32BE(at);
  at += 4;
  if (metadataSize > body.length - at) throw new FrameError(`metadata size ${metadataSize} exceeds frame`);
  const metadataBytes = body.subarray(at, at + metadataSize);
  let metadata;
  try {
    metadata = decodeMessageMetadata(metadataBytes);
  } catch (error) {
    throw new FrameError(`message metadata does not parse (${(error as Error).message})`);
  }
  return { command, metadata, metadataBytes, payload: body.subarray(at + metadataSize) };
};

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
