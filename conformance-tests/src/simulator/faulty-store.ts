import { type HistoryStore, TransportError } from '@cadenza/core';
import type { Activity } from './activity';
import type { FaultInjector } from './fault-injector';

/** A window of virtual time in which the store answers nothing but errors. */
export interface Outage {
  readonly from: number;
  readonly until: number;
}

/** What the simulator learns about histories, to check that memory stays bounded. */
export interface HistoryWatch {
  /** Events appended per stream (a stream deleted and written again keeps counting). */
  readonly lengths: Map<string, number>;
  readonly deleted: Set<string>;
  /** Until when each cleared stream's outcome is kept (the latest delete's time). */
  readonly keptUntil: Map<string, number>;
}

/**
 * Wraps the shared history store: counts activity, records history lengths and deletions, and for the
 * enabled kinds fails reads and appends (some appends are written and still reported as failed, as a
 * lost reply would be) or refuses everything during an outage.
 */
export const faultyStore = (inner: HistoryStore, faults: FaultInjector, activity: Activity, errorRate: number, outages: readonly Outage[]): {
  store: HistoryStore; watch: HistoryWatch;
} => {
  const watch: HistoryWatch = { lengths: new Map(), deleted: new Set(), keptUntil: new Map() };
  const down = (operation: string, stream: string): void => {
    const now = faults.now();
    if (faults.has('store-outage') && outages.some((o) => now >= o.from && now < o.until)) {
      throw new TransportError(`simulated store outage: ${operation} ${stream}`, true);
    }
  };
  const store: HistoryStore = {
    capabilities: inner.capabilities,
    read: async (stream) => {
      activity.touch();
      down('read', stream);
      if (faults.strikes('store-errors', errorRate, () => `read ${stream} fails`)) throw new TransportError(`simulated read error: ${stream}`, true);
      return inner.read(stream);
    },
    append: async (stream, events, expected) => {
      activity.touch();
      down('append', stream);
      if (faults.strikes('store-errors', errorRate, () => `append to ${stream} fails`)) {
        // A third of the failed appends were written: the store committed, its answer was lost.
        if (faults.rng.chance(1 / 3)) {
          await inner.append(stream, events, expected);
          watch.lengths.set(stream, (watch.lengths.get(stream) ?? 0) + events.length);
        }
        throw new TransportError(`simulated append error: ${stream}`, true);
      }
      const revision = await inner.append(stream, events, expected);
      watch.lengths.set(stream, (watch.lengths.get(stream) ?? 0) + events.length);
      return revision;
    },
    delete: async (stream, kept) => {
      activity.touch();
      down('delete', stream);
      await inner.delete(stream, kept);
      watch.deleted.add(stream);
      if (kept) watch.keptUntil.set(stream, kept.until);
    },
    sweep: async (now, limit) => {
      down('sweep', `(until ${now})`);
      if (faults.strikes('store-errors', errorRate, () => 'sweep fails')) throw new TransportError('simulated sweep error', true);
      return inner.sweep(now, limit);
    },
    close: () => inner.close(),
  };
  return { store, watch };
};
