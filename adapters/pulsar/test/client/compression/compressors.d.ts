// The two compressors the codec tests encode with; neither package ships its own types.
declare module 'lz4js' {
  /** Writes one LZ4 block of `src[sIndex, sIndex + sLength)` into `dst`; returns its length, 0 when nothing matched. */
  export function compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
  export function compressBound(n: number): number;
}
declare module 'snappyjs' {
  /** Raw Snappy (length preamble, then elements). */
  export function compress(uncompressed: Buffer): Buffer;
}
