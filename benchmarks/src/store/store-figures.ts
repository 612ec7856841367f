import type { ExpectedRevision, HistoryStore, NewEvent } from '@cadenza/core';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { latencyStats, median, roundMs } from '../support/latency-stats';

/** Raw speed of a history store through the port, without the engine. */
export interface StoreFigures {
  /** One-event appends, one stream at a time: the latency an engine step pays. */
  readonly sequential: AppendFigures;
  /** One-event appends to `concurrency` streams at once: what many workflows get together. */
  readonly concurrent: AppendFigures;
  /** Reading back a stream of `events` events (median of 3): what a replay from scratch pays first. */
  readonly read: { readonly events: number; readonly medianMs: number; readonly runsMs: readonly number[] };
}

export interface AppendFigures {
  readonly concurrency: number;
  readonly appends: number;
  readonly appendsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** An event shaped like a `TaskCompleted` the engine appends. */
const eventAt = (seq: number): NewEvent => ({
  id: randomUUID(),
  type: 'TaskCompleted',
  data: { type: 'TaskCompleted', seq, result: { ok: true, seq } },
  metadata: { causationId: randomUUID(), at: Date.now() },
});

const appendFor = async (store: HistoryStore, streamPrefix: string, concurrency: number, durationMs: number): Promise<AppendFigures> => {
  const latencies: number[] = [];
  const ends = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, lane) => {
    const stream = `${streamPrefix}-${concurrency}-${lane}`;
    let expected: ExpectedRevision = 'no-stream';
    for (let seq = 0; performance.now() < ends; seq++) {
      const t0 = performance.now();
      expected = await store.append(stream, [eventAt(seq)], expected);
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const stats = latencyStats(latencies);
  return { concurrency, appends: latencies.length, appendsPerSecond: Math.round(latencies.length / seconds), p50Ms: stats.p50Ms, p99Ms: stats.p99Ms };
};

/**
 * Measures appends (sequential, then `concurrency` streams at once, each for `appendMs`) and the read of a
 * `readEvents`-event stream, on streams named `<streamPrefix>-…` that it leaves behind.
 */
export const measureStore = async (store: HistoryStore, o: { streamPrefix: string; appendMs: number; concurrency: number; readEvents: number }): Promise<StoreFigures> => {
  const sequential = await appendFor(store, `${o.streamPrefix}-seq`, 1, o.appendMs);
  const concurrent = await appendFor(store, `${o.streamPrefix}-par`, o.concurrency, o.appendMs);
  const long = `${o.streamPrefix}-long`;
  let expected: ExpectedRevision = 'no-stream';
  for (let seq = 0; seq < o.readEvents; seq += 500) {
    expected = await store.append(long, Array.from({ length: Math.min(500, o.readEvents - seq) }, (_, i) => eventAt(seq + i)), expected);
  }
  const runsMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const read = await store.read(long);
    runsMs.push(roundMs(performance.now() - t0));
    if (read.events.length !== o.readEvents) throw new Error(`read ${read.events.length} events of ${long}, expected ${o.readEvents}`);
  }
  return { sequential, concurrent, read: { events: o.readEvents, medianMs: roundMs(median(runsMs)), runsMs } };
};
