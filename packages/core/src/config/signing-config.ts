import * as t from 'io-ts';
import { ConfigError } from '../errors/config-error';

/** The shortest secret accepted, in bytes (UTF-8): the output size of SHA-256, as RFC 2104 advises for HMAC keys. */
export const MIN_SECRET_BYTES = 32;

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** One signing key: a public id (travels in every signed envelope) and its shared secret (never travels). */
export const SigningKeyConfig = t.type({ id: t.string, secret: t.string }, 'SigningKeyConfig');
export type SigningKeyConfig = t.TypeOf<typeof SigningKeyConfig>;

/**
 * `signing:` in the config. Every listed key verifies; `signWith` names the one this process signs with.
 * Rotate in three deployments: add the new key everywhere (still signing with the old one), then switch
 * `signWith` to the new key, then remove the old key.
 * ```yaml
 * signing:
 *   keys: [{ id: k2026-12, secret: "…at least 32 bytes…" }, { id: k2026-06, secret: "…" }]
 *   signWith: k2026-12
 * ```
 */
export const SigningConfig = t.type({ keys: t.array(SigningKeyConfig), signWith: t.string }, 'SigningConfig');
export type SigningConfig = t.TypeOf<typeof SigningConfig>;

/**
 * The checks the codec cannot make: at least one key, key ids well-formed and unique, every secret at least
 * {@link MIN_SECRET_BYTES} long, `signWith` one of the ids. Throws a `ConfigError` naming the field; a
 * secret shows only as its length.
 */
export const checkSigningConfig = (signing: SigningConfig, at = 'signing'): SigningConfig => {
  if (signing.keys.length === 0) throw new ConfigError(`${at}.keys`, 'at least one key', []);
  const seen = new Set<string>();
  signing.keys.forEach((key, index) => {
    if (!KEY_ID.test(key.id)) throw new ConfigError(`${at}.keys.${index}.id`, `a key id matching ${KEY_ID}`, key.id);
    if (seen.has(key.id)) throw new ConfigError(`${at}.keys.${index}.id`, 'a key id no other key has', key.id);
    seen.add(key.id);
    const bytes = Buffer.byteLength(key.secret, 'utf8');
    if (bytes < MIN_SECRET_BYTES) {
      throw new ConfigError(`${at}.keys.${index}.secret`, `a secret of at least ${MIN_SECRET_BYTES} bytes`, `*** (${bytes} bytes)`);
    }
  });
  if (!seen.has(signing.signWith)) {
    throw new ConfigError(`${at}.signWith`, `the id of a listed key (${[...seen].join(', ')})`, signing.signWith);
  }
  return signing;
};
