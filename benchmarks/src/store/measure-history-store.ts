import type { ExpectedRevision, HistoryStore, NewEvent } from '@cadenza/core';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

export interface MeasureHistoryStoreOptions {
  readonly store: HistoryStore;
  /**
   * Appends timed in each append scenario, spread evenly over its concurrent streams.
   * @default 2000
   */
  readonly appends?: number;
  /**
   * Events in the history whose full read is timed.
   * @default 10000
   */
  readonly historyLength?: number;
  /**
   * Timed reads of that history; the median is reported.
   * @default 5
   */
  readonly readRepeats?: number;
  /**
   * Prefix of the streams written (a random suffix keeps runs apart). They are deleted afterwards.
   * @default 'bench'
   */
  readonly streamPrefix?: string;
}

/** One append scenario: `events` per append, `streams` written concurrently. */
export interface AppendFigures {
  readonly eventsPerAppend: number;
  readonly streams: number;
  readonly appends: number;
  readonly appendsPerSecond: number;
  readonly eventsPerSecond: number;
}

/** Plain numbers, ready for benchmarks/results/*.json. */
export interface HistoryStoreMeasurement {
  readonly appendScenarios: readonly AppendFigures[];
  /** Only for stores with an `appendMany` extra (PostgreSQL): 64 streams per call, one event each. */
  readonly batchedAppends?: AppendFigures;
  readonly read: { readonly events: number; readonly medianMs: number; readonly minMs: number; readonly maxMs: number };
}

const payload = (i: number): NewEvent => ({
  id: randomUUID(),
  type: 'TaskCompleted',
  data: { workflowId: 'bench', seq: i, result: { ok: true, amount: 100, note: 'a typical small step result' } },
  metadata: { causationId: randomUUID(), at: 1_700_000_000_000 + i },
});

/**
 * Appends per second for 1- and 5-event appends on 1 and 64 concurrent streams, and the time to read a
 * history of `historyLength` events. A benchmark helper: its numbers go to benchmarks, never to assertions.
 */
export const measureHistoryStore = async (options: MeasureHistoryStoreOptions): Promise<HistoryStoreMeasurement> => {
  const { store } = options;
  const appends = options.appends ?? 2_000;
  const prefix = `${options.streamPrefix ?? 'bench'}-${randomUUID().slice(0, 8)}`;
  const written: string[] = [];
  const fresh = (label: string): string => {
    const stream = `${prefix}-${label}-${written.length}`;
    written.push(stream);
    return stream;
  };
  try {
    await appendScenario(store, fresh, 5, 1, 20); // warm-up: connections, prepared statements, JIT
    const appendScenarios: AppendFigures[] = [];
    for (const eventsPerAppend of [1, 5]) {
      for (const streams of [1, 64]) appendScenarios.push(await appendScenario(store, fresh, streams, eventsPerAppend, appends));
    }
    const batchedAppends = hasAppendMany(store) ? await batchedScenario(store, fresh, 64, appends) : undefined;
    const read = await readScenario(store, fresh('read'), options.historyLength ?? 10_000, options.readRepeats ?? 5);
    return { appendScenarios, ...(batchedAppends ? { batchedAppends } : {}), read };
  } finally {
    for (const stream of written) await store.delete(stream);
  }
};

const appendScenario = async (
  store: HistoryStore,
  fresh: (label: string) => string,
  streams: number,
  eventsPerAppend: number,
  appends: number,
): Promise<AppendFigures> => {
  const perStream = Math.max(1, Math.floor(appends / streams));
  const names = Array.from({ length: streams }, () => fresh(`append${eventsPerAppend}x${streams}`));
  const started = performance.now();
  await Promise.all(
    names.map(async (stream) => {
      let expected: ExpectedRevision = 'no-stream';
      for (let i = 0; i < perStream; i++) {
        expected = await store.append(stream, Array.from({ length: eventsPerAppend }, (_, k) => payload(i * eventsPerAppend + k)), expected);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const done = perStream * streams;
  return { eventsPerAppend, streams, appends: done, appendsPerSecond: round(done / seconds), eventsPerSecond: round((done * eventsPerAppend) / seconds) };
};

type AppendMany = (batch: ReadonlyArray<{ stream: string; events: readonly NewEvent[]; expected: ExpectedRevision }>) => Promise<ReadonlyArray<{ ok: boolean }>>;
const hasAppendMany = (store: HistoryStore): store is HistoryStore & { appendMany: AppendMany } =>
  typeof (store as { appendMany?: unknown }).appendMany === 'function';

const batchedScenario = async (store: HistoryStore & { appendMany: AppendMany }, fresh: (label: string) => string, streams: number, appends: number): Promise<AppendFigures> => {
  const names = Array.from({ length: streams }, () => fresh(`batched1x${streams}`));
  const rounds = Math.max(1, Math.floor(appends / streams));
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    const outcomes = await store.appendMany(names.map((stream) => ({ stream, events: [payload(round)], expected: round === 0 ? 'no-stream' : round - 1 })));
    if (outcomes.some((o) => !o.ok)) throw new Error(`a batched append failed in round ${round}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const done = rounds * streams;
  return { eventsPerAppend: 1, streams, appends: done, appendsPerSecond: round(done / seconds), eventsPerSecond: round(done / seconds) };
};

const readScenario = async (store: HistoryStore, stream: string, events: number, repeats: number) => {
  let expected: ExpectedRevision = 'no-stream';
  for (let i = 0; i < events; i += 100) {
    expected = await store.append(stream, Array.from({ length: Math.min(100, events - i) }, (_, k) => payload(i + k)), expected);
  }
  await store.read(stream); // warm-up
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    const read = await store.read(stream);
    times.push(performance.now() - started);
    if (read.events.length !== events) throw new Error(`read ${read.events.length} events of ${events}`);
  }
  times.sort((a, b) => a - b);
  return { events, medianMs: round(times[Math.floor(times.length / 2)]!), minMs: round(times[0]!), maxMs: round(times[times.length - 1]!) };
};

const round = (n: number): number => Math.round(n * 10) / 10;
