import * as t from 'io-ts';

/**
 * Codecs for the values adapter options share, so every adapter checks a port, a timeout or a size the same way
 * and a bad value fails at start-up with `decodeConfig`'s message naming the field and what was expected.
 */

/** The bounds the codecs below keep to; an adapter's own limits may be narrower. */
export const CONFIG_BOUNDS = {
  /** A timeout or interval: at least 1 ms, at most one day. */
  maxTimeoutMs: 86_400_000,
  /** A count (partitions, buffered messages, pool size): at most ten million. */
  maxCount: 10_000_000,
  /** A size in bytes: at most 2 GiB - 1, the largest a Kafka or Pulsar broker takes. */
  maxBytes: 2_147_483_647,
} as const;

/** An integer from `min` to `max`, named by what it is (the name is what a `ConfigError` says was expected). */
export const intInRange = (min: number, max: number, what: string): t.Type<number> =>
  t.refinement(t.Integer, (n) => n >= min && n <= max, `${what} (an integer from ${min} to ${max})`);

/** A timeout or interval in ms, 1 to {@link CONFIG_BOUNDS.maxTimeoutMs}. */
export const TimeoutMs = intInRange(1, CONFIG_BOUNDS.maxTimeoutMs, 'milliseconds');
/** A count, 1 to {@link CONFIG_BOUNDS.maxCount}. */
export const Count = intInRange(1, CONFIG_BOUNDS.maxCount, 'a count');
/** A size in bytes, 1 to {@link CONFIG_BOUNDS.maxBytes}. */
export const ByteSize = intInRange(1, CONFIG_BOUNDS.maxBytes, 'bytes');

/** A TCP port, 1 to 65535. */
export const isPort = (port: number): boolean => Number.isInteger(port) && port >= 1 && port <= 65_535;

// A DNS name or IPv4 address, or an IPv6 address in brackets; then a port of 1 to 5 digits.
const HOST_PORT = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?):(\d{1,5})$/;

/** `host` and `port` of a `host:port` string (IPv6 as `[::1]:9092`), or `undefined` when it is not one or the port is not 1–65535. */
export const parseHostPort = (value: string): { host: string; port: number } | undefined => {
  const match = HOST_PORT.exec(value);
  if (!match || !isPort(Number(match[1]))) return undefined;
  return { host: value.slice(0, value.length - match[1]!.length - 1), port: Number(match[1]) };
};

/** A `host:port` string with a port of 1 to 65535. */
export const HostPort = t.refinement(t.string, (s) => parseHostPort(s) !== undefined, 'host:port (port 1 to 65535)');
