/**
 * Cuts a TCP byte stream into frames (grammar in `frame.ts`). Bytes are buffered until a whole frame is
 * there; a frame that is too large, does not parse, carries metadata and payload without the magic number and
 * CRC-32C or fails that checksum throws {@link FrameError}, after which the decoder is unusable and the
 * connection must be dropped.
 */
import { decodeCommand, decodeMessageMetadata } from '../proto/pulsar-api.codec';
import { CommandType } from '../proto/pulsar-api.types';
import { ChunkQueue } from './chunk-queue';
import { crc32c } from './crc32c';
import { DEFAULT_MAX_FRAME_BYTES, type Frame, MAGIC_BROKER_ENTRY_METADATA, MAGIC_CRC32C } from './frame';
import { FrameError } from './frame-error';

export class FrameDecoder {
  private readonly pending = new ChunkQueue();
  /** Size of the frame being assembled, its 4-byte prefix included; 0 until that prefix has arrived. */
  private frameBytes = 0;

  constructor(private readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {}

  /** Adds bytes from the socket and returns every frame now complete, in order. */
  push(chunk: Buffer): Frame[] {
    this.pending.push(chunk);
    const frames: Frame[] = [];
    for (;;) {
      if (this.frameBytes === 0) {
        if (this.pending.length < 4) break;
        const total = this.pending.peekUInt32BE();
        // Checked as soon as the prefix arrives, so an oversized frame is refused before it is buffered.
        if (total < 4 || total > this.maxFrameBytes) throw new FrameError(`frame size ${total} outside 4..${this.maxFrameBytes}`);
        this.frameBytes = 4 + total;
      }
      if (this.pending.length < this.frameBytes) break;
      const frame = this.pending.take(this.frameBytes);
      this.frameBytes = 0;
      frames.push(decodeFrame(frame.subarray(4)));
    }
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
  if (at === body.length) {
    // Nothing after the command would leave a consumer with a message it can neither read nor acknowledge.
    if (PAYLOAD_COMMANDS.has(command.type)) throw new FrameError(`${CommandType[command.type]} frame without its metadata and payload`);
    return { command };
  }
  if (body.length - at >= 6 && body.readUInt16BE(at) === MAGIC_BROKER_ENTRY_METADATA) {
    const entryMetadataSize = body.readUInt32BE(at + 2);
    if (entryMetadataSize > body.length - at - 6) throw new FrameError(`broker-entry metadata size ${entryMetadataSize} exceeds frame`);
    at += 6 + entryMetadataSize;
  }
  // Metadata and payload are trusted only under a checksum: without one, a flipped bit would go unseen.
  if (body.length - at < 6 || body.readUInt16BE(at) !== MAGIC_CRC32C) {
    throw new FrameError(`${CommandType[command.type] ?? command.type} payload without its magic number and checksum`);
  }
  const expected = body.readUInt32BE(at + 2);
  at += 6;
  const actual = crc32c(body.subarray(at));
  if (actual !== expected) throw new FrameError(`payload checksum ${hex(actual)} does not match ${hex(expected)}`);
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

/** The commands that are always followed by metadata and a payload. */
const PAYLOAD_COMMANDS: ReadonlySet<CommandType> = new Set([CommandType.MESSAGE, CommandType.SEND]);

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
