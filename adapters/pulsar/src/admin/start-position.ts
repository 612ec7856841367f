import { ConfigError, type StartPosition } from '@cadenza/core';

/** Where `SubscribeOptions.start` can point; a time is ms since epoch, finite and ≥ 0. */
const isTime = (time: unknown): time is number => typeof time === 'number' && Number.isFinite(time) && time >= 0;

/**
 * `SubscribeOptions.start` checked before anything is created on the broker; absent means `earliest`.
 * @throws ConfigError naming `subscribe.start.from` or `subscribe.start.time`.
 */
export const pulsarStartPosition = (start: StartPosition | undefined): StartPosition => {
  const from: unknown = start === undefined ? 'earliest' : (start as { from?: unknown } | null)?.from;
  if (from === 'earliest' || from === 'latest') return { from };
  if (from !== 'time') throw new ConfigError('subscribe.start.from', "'earliest', 'latest' or 'time'", from);
  const { time } = start as { time?: unknown };
  if (!isTime(time)) throw new ConfigError('subscribe.start.time', 'a time in ms since epoch (a finite number ≥ 0)', time);
  return { from, time };
};
