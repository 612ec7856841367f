import { timingSafeEqual } from 'node:crypto';

/**
 * Whether two MACs are equal, in time that does not depend on where they first differ
 * (`crypto.timingSafeEqual`), so a forger cannot find a valid MAC byte by byte by timing refusals. Lengths
 * are not secret (every HMAC-SHA256 is 32 bytes), so a length mismatch answers at once.
 */
export const sameMac = (expected: Buffer, given: Buffer): boolean =>
  expected.length === given.length && timingSafeEqual(expected, given);
