/**
 * ZSTD payloads (Pulsar's ZSTD codec writes one Zstandard frame that records its content size), decoded by
 * fzstd, a pure-JS decoder. fzstd is given an output buffer of exactly the declared size, so a hostile frame
 * cannot make it allocate more; and since it cannot tell when that buffer was too small or too large, the
 * frame header is read here first, and its content size must be the one the message metadata declares.
 *
 *   frame header: [magic 0xFD2FB528 u32 LE][descriptor u8][window u8, unless single-segment]
 *                 [dictionary id: 0/1/2/4 bytes][content size: 0/1/2/4/8 bytes LE (2 bytes: value - 256)]
 */
import { decompress } from 'fzstd';
import { UndecodableEntryError } from '../commands/undecodable-entry-error';

const MAGIC = 0xfd2fb528;
const DICTIONARY_ID_BYTES = [0, 1, 2, 4];

/** The content size a Zstandard frame header records, or `undefined` when it records none. */
const contentSize = (frame: Uint8Array, bad: (why: string) => Error): number | undefined => {
  const view = Buffer.from(frame.buffer, frame.byteOffset, frame.length);
  if (view.length < 5 || view.readUInt32LE(0) !== MAGIC) throw bad('is not a Zstandard frame');
  const descriptor = view[4]!;
  const singleSegment = (descriptor >>> 5) & 1;
  const sizeFlag = descriptor >>> 6;
  let at = 5 + (singleSegment ? 0 : 1);
  const dictionaryBytes = DICTIONARY_ID_BYTES[descriptor & 3]!;
  const sizeBytes = sizeFlag === 0 ? singleSegment : 1 << sizeFlag;
  if (view.length < at + dictionaryBytes + sizeBytes) throw bad('has a truncated frame header');
  if (dictionaryBytes > 0 && view.readUIntLE(at, dictionaryBytes) !== 0) throw bad('needs a dictionary');
  at += dictionaryBytes;
  switch (sizeBytes) {
    case 0: return undefined;
    case 1: return view[at]!;
    case 2: return view.readUInt16LE(at) + 256;
    case 4: return view.readUInt32LE(at);
    default: return view.readUInt32LE(at + 4) * 2 ** 32 + view.readUInt32LE(at);
  }
};

/** Decodes one ZSTD frame, which must inflate to exactly `size` bytes. */
export const decodeZstd = (compressed: Uint8Array, size: number): Uint8Array => {
  const bad = (why: string) => new UndecodableEntryError(`ZSTD payload ${why}`);
  const recorded = contentSize(compressed, bad);
  if (recorded !== size) throw bad(`records ${recorded ?? 'no'} content size, the metadata ${size} bytes`);
  try {
    return decompress(compressed, new Uint8Array(size));
  } catch (error) {
    throw bad(`does not decode (${(error as Error).message})`);
  }
};
