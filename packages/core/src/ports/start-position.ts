import { ConfigError } from '../errors/config-error';
import type { StartPosition } from './transport.port';

/** Where a new group starts when `SubscribeOptions.start` is absent. */
export const DEFAULT_START_POSITION: StartPosition = { from: 'earliest' };

/**
 * `SubscribeOptions.start` checked, for every transport alike, before anything is created on the broker:
 * `{ from: 'earliest' }`, `{ from: 'latest' }` or `{ from: 'time', time }` with `time` a finite number of ms
 * since epoch, ≥ 0; absent means {@link DEFAULT_START_POSITION}.
 * @throws ConfigError naming `<at>.from` or `<at>.time` for anything else (a bare string included).
 */
export const resolveStartPosition = (start: unknown, at = 'subscribe.start'): StartPosition => {
  if (start === undefined) return DEFAULT_START_POSITION;
  const from = typeof start === 'object' && start !== null ? (start as { from?: unknown }).from : undefined;
  if (from === 'earliest' || from === 'latest') return { from };
  if (from !== 'time') throw new ConfigError(`${at}.from`, "'earliest', 'latest' or 'time'", from);
  const time = (start as { time?: unknown }).time;
  if (typeof time === 'number' && Number.isFinite(time) && time >= 0) return { from, time };
  throw new ConfigError(`${at}.time`, 'a time in ms since epoch (a finite number ≥ 0)', time);
};
