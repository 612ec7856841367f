/**
 * Undoes the compression a producer applied to a payload (`MessageMetadata.compression`), bounded by the size
 * the metadata declares (`uncompressed_size`) and by the largest message the broker accepts: a small hostile
 * payload must not inflate to hundreds of MiB or hold the event loop while it does. Whatever does not decode
 * to exactly the declared size throws {@link UndecodableEntryError}.
 */
import { inflateSync } from 'node:zlib';
import { UndecodableEntryError } from '../commands/undecodable-entry-error';
import { decodeLz4Block } from './lz4-block';
import { decodeSnappy } from './snappy';
import { decodeZstd } from './zstd';

/** Pulsar's `CompressionType`, indexed by its wire value. */
const CODECS = ['NONE', 'LZ4', 'ZLIB', 'ZSTD', 'SNAPPY'] as const;
type Codec = (typeof CODECS)[number];

const DECODERS: Record<Exclude<Codec, 'NONE' | 'ZLIB'>, (compressed: Uint8Array, size: number) => Uint8Array> = {
  LZ4: decodeLz4Block,
  ZSTD: decodeZstd,
  SNAPPY: decodeSnappy,
};

/**
 * The payload as the producer wrote it. `uncompressedSize` may be absent only for ZLIB (inflation is then
 * bounded by `maxBytes` alone); the other codecs need it to size their output.
 */
export const decompressPayload = (
  compression: number, stored: Uint8Array, uncompressedSize: number | undefined, maxBytes: number,
): Uint8Array => {
  const codec = CODECS[compression];
  if (codec === undefined) throw new UndecodableEntryError(`${compression} compression is not supported`);
  if (codec === 'NONE') return stored;
  if (uncompressedSize !== undefined && uncompressedSize > maxBytes) {
    throw new UndecodableEntryError(`${codec} payload declares ${uncompressedSize} bytes, over the ${maxBytes}-byte message limit`);
  }
  if (codec === 'ZLIB') return inflateBounded(stored, uncompressedSize, maxBytes);
  if (uncompressedSize === undefined) throw new UndecodableEntryError(`${codec} payload without its uncompressed size`);
  return DECODERS[codec](stored, uncompressedSize);
};

const inflateBounded = (stored: Uint8Array, size: number | undefined, maxBytes: number): Uint8Array => {
  const limit = size ?? maxBytes;
  let inflated: Buffer;
  try {
    // zlib stops as soon as the output passes the limit, instead of inflating everything and then looking.
    inflated = inflateSync(stored, { maxOutputLength: Math.max(1, limit) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new UndecodableEntryError(`ZLIB payload inflates past ${limit} bytes`);
    throw new UndecodableEntryError(`ZLIB payload does not inflate (${(error as Error).message})`);
  }
  if (size !== undefined && inflated.length !== size) {
    throw new UndecodableEntryError(`ZLIB payload inflates to ${inflated.length} bytes, not the ${size} declared`);
  }
  if (inflated.length > maxBytes) throw new UndecodableEntryError(`ZLIB payload inflates past ${maxBytes} bytes`);
  return inflated;
};
