import { performance } from 'node:perf_hooks';
import type { CadenzaCloudEvent } from '@cadenza/core';
import { type LatencyStats, latencyStats } from '../support/latency-stats';

/** What a listener received inside the measurement window. */
export interface ListenerFigures {
  /** Events handed to the batch handler inside the window, per second. */
  readonly eventsPerSecond: number;
  readonly events: number;
  /** From an event's `time` (when the engine recorded the step) to its batch handler call, in ms. */
  readonly lag: LatencyStats;
}

/**
 * A batch handler that counts events and their lag, keeping only those that arrive inside the window
 * `[opensAt, closesAt)` (performance.now() ms); the window is set once the loop's start is known.
 */
export const listenerProbe = () => {
  let window = { opensAt: Number.POSITIVE_INFINITY, closesAt: Number.NEGATIVE_INFINITY };
  const lags: number[] = [];
  return {
    window(opensAt: number, closesAt: number): void {
      window = { opensAt, closesAt };
    },
    onBatch(events: CadenzaCloudEvent[]): void {
      const at = performance.now();
      if (at < window.opensAt || at >= window.closesAt) return;
      const now = Date.now();
      for (const event of events) lags.push(now - Date.parse(event.time ?? ''));
    },
    figures(): ListenerFigures {
      const seconds = (window.closesAt - window.opensAt) / 1000;
      return { events: lags.length, eventsPerSecond: Math.round(lags.length / seconds), lag: latencyStats(lags) };
    },
  };
};
