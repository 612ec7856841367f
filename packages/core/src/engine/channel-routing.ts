import type { BufferedSignal, Receiver } from './signal-queues';

/**
 * The buffered signals a new receive takes at once, oldest first: up to `limit` of those its filter takes
 * (all, without a filter), skipping those that receives made in this same step already took (`pending`).
 * The filter is workflow code: a replay runs it again over the same buffered values and takes the same.
 */
export const firstTakes = (
  buffered: readonly BufferedSignal[], pending: ReadonlySet<number> | undefined, filter: ((value: never) => boolean) | undefined, limit: number,
): BufferedSignal[] => {
  const taken: BufferedSignal[] = [];
  for (const signal of buffered) {
    if (taken.length >= limit) break;
    if (pending?.has(signal.n)) continue;
    if (!filter || (filter as (value: unknown) => boolean)(signal.value)) taken.push(signal);
  }
  return taken;
};

/**
 * Where a signal arriving now goes, walking its channel's line oldest first: to the first receive without a
 * filter (then undefined: the fold's own rule finds it) or to the first filtered receive whose filter takes
 * it, before that (its seq, to record on the `SignalReceived`). Undefined too when none takes it: it is buffered.
 */
export const routeSignal = (line: readonly Receiver[], filters: ReadonlyMap<number, (value: unknown) => boolean> | undefined, value: unknown): number | undefined => {
  for (const receiver of line) {
    if (!receiver.filtered) return undefined;
    const filter = filters?.get(receiver.seq);
    if (filter?.(value)) return receiver.seq;
  }
  return undefined;
};
