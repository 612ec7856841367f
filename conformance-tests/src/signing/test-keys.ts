import type { SigningConfig } from '@cadenza/core';

/** Signing keys for tests only (each secret 32 bytes or more); never use them anywhere else. */
export const TEST_KEYS = {
  old: { id: 'test-old', secret: 'test-only-old-secret-0123456789abcdef' },
  new: { id: 'test-new', secret: 'test-only-new-secret-0123456789abcdef' },
  /** Same id as `old`, other secret: what a forger who guessed the key id signs with. */
  guessed: { id: 'test-old', secret: 'a-forgers-guess-at-it-0123456789abcd' },
} as const;

/** A `signing` config section listing `keys` and signing with the first. */
export const signingWith = (...keys: Array<{ id: string; secret: string }>): SigningConfig => ({ keys, signWith: keys[0]!.id });
