/**
 * A UUID (version 5 layout) derived from `name` by a fast 128-bit non-cryptographic hash (four
 * interleaved 32-bit multiply-xorshift lanes): the same name always gives the same id, and it runs on
 * the hot path of every append, where a SHA-1 cost a tenth of the engine's time. The id is written as
 * one flat string (from its character codes), not joined from pieces: a joined one is a chain of ten
 * string nodes, which an instance keeping the id holds (about 300 bytes instead of 56) and a map hashing
 * it flattens first.
 */
export const uuidFrom = (name: string): string => {
  let h1 = 0x6a09e667, h2 = 0xbb67ae85, h3 = 0x3c6ef372, h4 = 0xa54ff53a;
  for (let i = 0; i < name.length; i++) {
    const k = name.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  // xxxxxxxx-xxxx-5xxx-Vxxx-xxxxxxxxxxxx: the version digit replaces h2's fourth-last, the variant h3's fourth-last.
  hexInto(h1 >>> 0, 0, 8);
  hexInto(h2 >>> 16, 9, 4);
  hexInto(h2 & 0xfff, 15, 3);
  CODES[14] = FIVE;
  CODES[19] = HEX_CODES[((h3 >>> 28) & 0x3) | 0x8]!;
  hexInto((h3 >>> 16) & 0xfff, 20, 3);
  hexInto(h3 & 0xffff, 24, 4);
  hexInto(h4 >>> 0, 28, 8);
  return String.fromCharCode.apply(null, CODES);
};

/**
 * `uuid` (as {@link uuidFrom} writes it) with `add` (an integer) added to its last group, mod 2^48, as one
 * flat string: the ids of a series of events derived from one hash.
 */
export const uuidPlus = (uuid: string, add: number): string => {
  for (let i = 0; i < 24; i++) CODES[i] = uuid.charCodeAt(i);
  const last = (hexValue(uuid, 24, 6) * HALF + hexValue(uuid, 30, 6) + add) % LAST_GROUP;
  const high = Math.floor(last / HALF);
  hexInto(high, 24, 6);
  hexInto(last - high * HALF, 30, 6);
  return String.fromCharCode.apply(null, CODES);
};

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const FIVE = '5'.charCodeAt(0);
/** The character codes of the id being written; the dashes never change. One per process: nothing yields while it is written. */
const CODES: number[] = Array.from('00000000-0000-0000-0000-000000000000', (c) => c.charCodeAt(0));
const HALF = 2 ** 24;
const LAST_GROUP = 2 ** 48;

/** Writes the `digits` low hex digits of `value` (at most 2^32 - 1) into {@link CODES} from `at`. */
const hexInto = (value: number, at: number, digits: number): void => {
  for (let i = at + digits - 1; i >= at; i--) {
    CODES[i] = HEX_CODES[value & 15]!;
    value >>>= 4;
  }
};

/** The value of `digits` lowercase hex digits of `text` from `at`. */
const hexValue = (text: string, at: number, digits: number): number => {
  let value = 0;
  for (let i = at; i < at + digits; i++) {
    const c = text.charCodeAt(i);
    value = value * 16 + (c <= 57 ? c - 48 : c - 87);
  }
  return value;
};
