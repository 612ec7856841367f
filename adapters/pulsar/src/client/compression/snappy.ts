/**
 * Raw Snappy decoder (what Pulsar's SNAPPY codec writes: the raw format, not the framed one):
 *
 *   [uncompressed length varint] then elements, each starting with a tag byte whose low 2 bits say:
 *   00 literal: length-1 in the upper 6 bits, or (60..63) in the next 1..4 bytes LE; then the bytes
 *   01 copy:    length 4 + bits 2..4, offset bits 5..7 << 8 | next byte
 *   10 copy:    length 1 + upper 6 bits, offset u16 LE
 *   11 copy:    length 1 + upper 6 bits, offset u32 LE
 *
 * A copy repeats `length` bytes from `offset` back in the output. Written from the format description. The
 * preamble must match the size the metadata declares, and every element is checked against the input left
 * and the output expected.
 */
import { UndecodableEntryError } from '../commands/undecodable-entry-error';

/** Decodes `compressed`, which must inflate to exactly `size` bytes. */
export const decodeSnappy = (compressed: Uint8Array, size: number): Uint8Array => {
  const bad = (why: string) => new UndecodableEntryError(`Snappy payload ${why}`);
  let at = 0;
  let declared = 0;
  for (let shift = 0; ; shift += 7) {
    if (at >= compressed.length || shift > 28) throw bad('has no valid length preamble');
    const byte = compressed[at++]!;
    declared += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
  }
  if (declared !== size) throw bad(`declares ${declared} bytes, the metadata ${size}`);
  const out = new Uint8Array(size);
  let written = 0;
  /** Reads `n` bytes little-endian. */
  const le = (n: number): number => {
    if (compressed.length - at < n) throw bad('truncated');
    let value = 0;
    for (let i = 0; i < n; i++) value += compressed[at++]! * 2 ** (8 * i);
    return value;
  };
  while (at < compressed.length) {
    const tag = compressed[at++]!;
    const kind = tag & 3;
    if (kind === 0) {
      const short = tag >>> 2;
      const length = (short < 60 ? short : le(short - 59)) + 1;
      if (length > compressed.length - at) throw bad('truncated in a literal');
      if (length > size - written) throw bad(`inflates past its ${size} bytes`);
      out.set(compressed.subarray(at, at + length), written);
      at += length;
      written += length;
      continue;
    }
    const length = kind === 1 ? 4 + ((tag >>> 2) & 7) : (tag >>> 2) + 1;
    const offset = kind === 1 ? ((tag >>> 5) << 8) | le(1) : le(kind === 2 ? 2 : 4);
    if (offset === 0 || offset > written) throw bad(`refers ${offset} bytes back from byte ${written}`);
    if (length > size - written) throw bad(`inflates past its ${size} bytes`);
    if (offset >= length) {
      out.copyWithin(written, written - offset, written - offset + length);
      written += length;
    } else {
      for (let end = written + length; written < end; written++) out[written] = out[written - offset]!;
    }
  }
  if (written !== size) throw bad(`inflates to ${written} bytes, not the ${size} declared`);
  return out;
};
