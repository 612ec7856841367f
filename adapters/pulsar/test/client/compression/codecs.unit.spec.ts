import { expect } from 'chai';
import { compressBlock, compressBound } from 'lz4js';
import { compress as snappy } from 'snappyjs';
import type { MessageMetadata } from '../../../src/client';
import { splitMessage, UNDECODABLE_PROPERTY } from '../../../src/client/commands/message';
import { decompressPayload } from '../../../src/client/compression/decompress';

const LZ4 = 1;
const ZSTD = 3;
const SNAPPY = 4;
const MAX = 5 * 1024 * 1024;

/** Text with repeats near and far, so every kind of back-reference is used, and a stretch that does not repeat. */
const sample = Buffer.concat([
  Buffer.from('cadenza runs workflows on pulsar; '.repeat(40)),
  Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7919) % 251)),
  Buffer.alloc(300, 'a'),
  Buffer.from('end'),
]);
const lz4 = (plain: Buffer): Buffer => {
  const out = new Uint8Array(compressBound(plain.length));
  const length = compressBlock(plain, out, 0, plain.length, new Uint32Array(1 << 16));
  expect(length, 'lz4js found something to compress').to.be.greaterThan(0);
  return Buffer.from(out.subarray(0, length));
};
// `zstd -19` of 'cadenza runs workflows on pulsar; ' × 40 + 'end' (1363 bytes), content size in its header.
const zstdPlain = Buffer.from(`${'cadenza runs workflows on pulsar; '.repeat(40)}end`);
const zstdFrame = Buffer.from('28b52ffd6453047501005402636164656e7a612072756e7320776f726b666c6f7773206f6e2070756c7361723b20656e6401005aa9fcea096d748856', 'hex');

const reasonOf = (compression: number, stored: Uint8Array, uncompressedSize?: number): string | undefined => {
  const metadata: MessageMetadata = { producerName: 'p', sequenceId: 0, publishTime: 1, compression, ...(uncompressedSize === undefined ? {} : { uncompressedSize }) };
  const [m, ...rest] = splitMessage({ ledgerId: 1, entryId: 1 }, 0, metadata, stored);
  expect(rest).to.have.length(0);
  return m!.properties[UNDECODABLE_PROPERTY];
};

describe('LZ4, ZSTD and Snappy payloads', () => {
  it('decodes an LZ4 block (the block format, no frame, as Pulsar\'s LZ4 codec writes it) to the payload', () => {
    const block = lz4(sample);
    expect(block.length).to.be.below(sample.length);
    const [m] = splitMessage({ ledgerId: 1, entryId: 1 }, 0, { producerName: 'p', sequenceId: 0, publishTime: 1, compression: LZ4, uncompressedSize: sample.length }, block);
    expect(m!.properties[UNDECODABLE_PROPERTY]).to.equal(undefined);
    expect(Buffer.from(m!.payload)).to.deep.equal(sample);
  });

  it('decodes raw Snappy to the payload', () => {
    const compressed = snappy(sample);
    expect(compressed.length).to.be.below(sample.length);
    expect(Buffer.from(decompressPayload(SNAPPY, compressed, sample.length, MAX))).to.deep.equal(sample);
    expect(Buffer.from(decompressPayload(SNAPPY, snappy(Buffer.alloc(0)), 0, MAX))).to.deep.equal(Buffer.alloc(0));
  });

  it('decodes a ZSTD frame to the payload', () => {
    expect(Buffer.from(decompressPayload(ZSTD, zstdFrame, zstdPlain.length, MAX))).to.deep.equal(zstdPlain);
  });

  it('refuses each codec without an uncompressed size, or with one over the message limit', () => {
    expect(reasonOf(LZ4, lz4(sample))).to.equal('LZ4 payload without its uncompressed size');
    expect(reasonOf(SNAPPY, snappy(sample), MAX + 1)).to.equal(`SNAPPY payload declares ${MAX + 1} bytes, over the ${MAX}-byte message limit`);
    expect(reasonOf(ZSTD, zstdFrame, 2 * MAX)).to.equal(`ZSTD payload declares ${2 * MAX} bytes, over the ${MAX}-byte message limit`);
  });

  it('refuses payloads that decode to another size than the one declared', () => {
    expect(reasonOf(LZ4, lz4(sample), sample.length - 1)).to.match(/^LZ4 block inflates past its \d+ bytes/);
    expect(reasonOf(LZ4, lz4(sample), sample.length + 1)).to.equal(`LZ4 block inflates to ${sample.length} bytes, not the ${sample.length + 1} declared`);
    expect(reasonOf(SNAPPY, snappy(sample), sample.length + 1)).to.equal(`Snappy payload declares ${sample.length} bytes, the metadata ${sample.length + 1}`);
    expect(reasonOf(ZSTD, zstdFrame, zstdPlain.length - 1)).to.equal(`ZSTD payload records ${zstdPlain.length} content size, the metadata ${zstdPlain.length - 1} bytes`);
  });

  it('refuses hostile blocks: back-references before the start, lengths past the end, truncation', () => {
    // token: 1 literal, match of 4 at offset 2 — but only 1 byte is written so far.
    expect(reasonOf(LZ4, Buffer.from([0x10, 0x61, 0x02, 0x00]), 5)).to.equal('LZ4 block refers 2 bytes back from byte 1');
    // A literal length of 15 + 255 × 4 + ... that claims far more than the 10 bytes declared.
    expect(reasonOf(LZ4, Buffer.from([0xf0, 0xff, 0xff, 0xff, 0xff]), 10)).to.equal('LZ4 block has a length past its 10 bytes');
    expect(reasonOf(LZ4, Buffer.from([0x50, 0x61]), 5)).to.equal('LZ4 block truncated in its literals');
    // Snappy: preamble 8, literal 'ab', then a copy of 6 at offset 3.
    expect(reasonOf(SNAPPY, Buffer.from([8, 0x04, 0x61, 0x62, 0x09, 0x03]), 8)).to.equal('Snappy payload refers 3 bytes back from byte 2');
    expect(reasonOf(SNAPPY, Buffer.from([4, 0x0c, 0x61]), 4)).to.equal('Snappy payload truncated in a literal');
    expect(reasonOf(SNAPPY, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), 4)).to.equal('Snappy payload has no valid length preamble');
    expect(reasonOf(ZSTD, Buffer.from('not zstd'), 8)).to.equal('ZSTD payload is not a Zstandard frame');
    expect(reasonOf(ZSTD, zstdFrame.subarray(0, 30), zstdPlain.length)).to.match(/^ZSTD payload does not decode \(/);
  });

  it('names a compression it does not know', () => {
    expect(reasonOf(9, Buffer.from([1]), 1)).to.equal('9 compression is not supported');
  });
});
