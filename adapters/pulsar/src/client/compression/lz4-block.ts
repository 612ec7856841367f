/**
 * LZ4 *block* format decoder (what Pulsar's LZ4 codec writes: one raw block, no LZ4 frame around it; the
 * uncompressed size travels in the message metadata). A block is a run of sequences:
 *
 *   [token u8: literals << 4 | match][more literal-length bytes][literals][offset u16 LE][more match-length bytes]
 *
 * a 4-bit length of 15 continues in following bytes (each added, until one is not 255); a match is at least 4
 * bytes long and copies from `offset` bytes back in the output; the last sequence has literals only.
 * Written from the format description. Every length is checked against the input left and the output
 * expected, so a hostile block can neither write past `size` nor make the decoder work for more than its
 * input and output bytes.
 */
import { UndecodableEntryError } from '../commands/undecodable-entry-error';

const MIN_MATCH = 4;

/** Decodes `block`, which must inflate to exactly `size` bytes. */
export const decodeLz4Block = (block: Uint8Array, size: number): Uint8Array => {
  const out = new Uint8Array(size);
  let at = 0;
  let written = 0;
  const bad = (why: string) => new UndecodableEntryError(`LZ4 block ${why}`);
  /** Reads the continuation bytes of a length whose 4-bit part was 15. */
  const length = (start: number): number => {
    let n = start;
    for (;;) {
      if (at >= block.length) throw bad('truncated in a length');
      const byte = block[at++]!;
      n += byte;
      if (n > size) throw bad(`has a length past its ${size} bytes`);
      if (byte !== 255) return n;
    }
  };
  while (at < block.length) {
    const token = block[at++]!;
    const literals = token >>> 4 === 15 ? length(15) : token >>> 4;
    if (literals > block.length - at) throw bad('truncated in its literals');
    if (literals > size - written) throw bad(`inflates past its ${size} bytes`);
    out.set(block.subarray(at, at + literals), written);
    at += literals;
    written += literals;
    if (at === block.length) break;
    if (block.length - at < 2) throw bad('truncated in an offset');
    const offset = block[at]! | (block[at + 1]! << 8);
    at += 2;
    if (offset === 0 || offset > written) throw bad(`refers ${offset} bytes back from byte ${written}`);
    const match = (token & 15) === 15 ? length(15) + MIN_MATCH : (token & 15) + MIN_MATCH;
    if (match > size - written) throw bad(`inflates past its ${size} bytes`);
    if (offset >= match) {
      out.copyWithin(written, written - offset, written - offset + match);
      written += match;
    } else {
      // An overlapping match repeats the last `offset` bytes: copy forwards, byte by byte.
      for (let end = written + match; written < end; written++) out[written] = out[written - offset]!;
    }
  }
  if (written !== size) throw bad(`inflates to ${written} bytes, not the ${size} declared`);
  return out;
};
