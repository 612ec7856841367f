import { isLeft } from 'fp-ts/lib/Either';
import type * as t from 'io-ts';
import { ConfigError } from '../errors/config-error';
import { errorPath } from '../model/validation-report';

/**
 * Decodes `raw` with `codec` or throws a {@link ConfigError} for the first bad field, e.g.
 * `invalid config at transport.brokers.0: expected string, got 9092`.
 */
export const decodeConfig = <A>(codec: t.Decoder<unknown, A>, raw: unknown, at: string): A => {
  const result = codec.decode(raw);
  if (!isLeft(result)) return result.right;
  const first = result.left[0];
  if (!first) throw new ConfigError(at, codec.name, raw);
  const expected = first.context[first.context.length - 1]?.type.name ?? codec.name;
  throw new ConfigError([at, ...errorPath(first.context)].join('.'), expected, first.value);
};
