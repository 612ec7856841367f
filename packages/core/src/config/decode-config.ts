import { isLeft } from 'fp-ts/lib/Either';
import type * as t from 'io-ts';
import { ConfigError } from '../errors/config-error';
import { errorPath } from '../model/validation-report';
import { nearestName } from './nearest-name';
import { isSecretKey, redactSecrets } from './redact-secrets';
import { findUnknownKey } from './unknown-keys';

/**
 * Decodes `raw` with `codec` or throws a {@link ConfigError} for the first bad field, e.g.
 * `invalid config at transport.brokers.0: expected string, got 9092`. A key the codec does not declare is an
 * error too (`invalid config at transport.sals: expected a known option, got … (did you mean "sasl"? known: …)`), since a
 * misspelled option would otherwise be ignored. Secrets never appear in the message: fields named like
 * passwords or tokens (or misspelled so) show as `***`, and URL credentials are masked.
 */
export const decodeConfig = <A>(codec: t.Decoder<unknown, A>, raw: unknown, at: string): A => {
  const result = codec.decode(raw);
  if (isLeft(result)) {
    const first = result.left[0];
    if (!first) throw new ConfigError(at, codec.name, redactSecrets(raw));
    const expected = first.context[first.context.length - 1]?.type.name ?? codec.name;
    const path = errorPath(first.context);
    throw new ConfigError([at, ...path].join('.'), expected, redactSecrets(first.value, path[path.length - 1]));
  }
  const unknown = findUnknownKey(codec as unknown as t.Mixed, raw);
  if (unknown) {
    const guess = nearestName(unknown.key, unknown.known);
    const value = (unknown.path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], raw) as Record<string, unknown>)[unknown.key];
    throw new ConfigError([at, ...unknown.path, unknown.key].join('.'), 'a known option', redactSecrets(value, guess && isSecretKey(guess) ? guess : unknown.key),
      `${guess ? `did you mean "${guess}"? ` : ''}known: ${unknown.known.join(', ')}`);
  }
  return result.right;
};
