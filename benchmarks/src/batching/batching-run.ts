import { type BatchItem, createClient, createWorker, type RegisterServiceOptions } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { performance } from 'node:perf_hooks';
import { latencyStats } from '../support/latency-stats';
import { quietLogger } from '../support/quiet-logger';
import { BatchedWorkflow, BatchStore } from '../workflows/batched-workflow';

/** How the store's tasks are run: each alone, or by a batch handler. */
export type BatchingMode = 'one at a time' | 'batched';

/** One mode's run of {@link runBatching}. */
export interface BatchingRun {
  readonly mode: BatchingMode;
  /** Workflows (one task each) measured. */
  readonly workflows: number;
  /** Workflows running at once (closed loop: each lane starts the next when its last one ended). */
  readonly inFlight: number;
  /** Workflows, so tasks, finished per second. */
  readonly workflowsPerSecond: number;
  /** Start of a workflow until its result, in ms. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  /** Round trips to the store: one per task, or one per batch. */
  readonly storeRoundTrips: number;
  readonly meanBatchSize: number;
  readonly totalMs: number;
}

/** The store's one connection: a round trip costs {@link ROUND_TRIP_MS}, and they queue behind each other. */
export const ROUND_TRIP_MS = 1;
/** The batch section of the batched run. */
export const BATCH = { maxMessages: 100, maxMs: 5 } as const;
/** The service's concurrency in both runs: enough deliveries in flight for a full batch and more. */
const SERVICE_CONCURRENCY = 500;
const WARM_UP = 500;

/** One connection to a remote store: requests wait their turn, each takes a round trip. */
const serialConnection = () => {
  let queue: Promise<void> = Promise.resolve();
  let roundTrips = 0;
  const roundTrip = (): Promise<void> => {
    roundTrips++;
    const mine = queue.then(() => new Promise<void>((resolve) => setTimeout(resolve, ROUND_TRIP_MS)));
    queue = mine;
    return mine;
  };
  return { roundTrip, roundTrips: () => roundTrips };
};

/**
 * `workflows` {@link BatchedWorkflow}s with `inFlight` at once on the in-memory transport and store, whose one
 * task saves to a store behind one connection: alone, each task is a round trip; batched, each batch is one.
 */
export const runBatching = async (mode: BatchingMode, workflows: number, inFlight: number): Promise<BatchingRun> => {
  const transport = createInMemoryTransport({ broker: new InMemoryBroker() });
  const history = createInMemoryHistoryStore();
  const namespace = `batching-${mode === 'batched' ? 'batched' : 'single'}`;
  const connection = serialConnection();
  const save = async (n: number) => {
    await connection.roundTrip();
    return n * 2;
  };
  const options: RegisterServiceOptions<BatchStore> & { readonly context?: undefined } = {
    concurrency: SERVICE_CONCURRENCY,
    ...(mode === 'batched' ? { batch: { save: { ...BATCH, handler: async (items: ReadonlyArray<BatchItem<[number]>>) => {
      await connection.roundTrip();
      return items.map(({ args: [n] }) => n * 2);
    } } } } : {}),
  };
  const worker = createWorker({ transport, history, namespace, logger: quietLogger })
    .registerWorkflow(BatchedWorkflow)
    .registerService(BatchStore, { save }, options);
  await worker.start();
  const client = createClient({ transport, namespace, logger: quietLogger });
  const closedLoop = async (count: number, onDone?: (ms: number) => void): Promise<void> => {
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(inFlight, count) }, async () => {
      while (next < count) {
        const n = next++;
        const t0 = performance.now();
        const handle = await client.dispatch(client.newWorkflow(BatchedWorkflow).run, n);
        if ((await handle.result()) !== n * 2) throw new Error(`workflow ${n} got a wrong result`);
        onDone?.(performance.now() - t0);
      }
    }));
  };
  try {
    await closedLoop(WARM_UP);
    const tripsBefore = connection.roundTrips();
    const latencies: number[] = [];
    const t0 = performance.now();
    await closedLoop(workflows, (ms) => latencies.push(ms));
    const totalMs = performance.now() - t0;
    const storeRoundTrips = connection.roundTrips() - tripsBefore;
    const stats = latencyStats(latencies);
    return {
      mode, workflows, inFlight, workflowsPerSecond: Math.round((workflows / totalMs) * 1000),
      p50Ms: stats.p50Ms, p99Ms: stats.p99Ms, meanMs: stats.meanMs,
      storeRoundTrips, meanBatchSize: Math.round((workflows / storeRoundTrips) * 10) / 10, totalMs: Math.round(totalMs),
    };
  } finally {
    await client.close();
    await worker.stop();
    await transport.close();
    await history.close();
  }
};
