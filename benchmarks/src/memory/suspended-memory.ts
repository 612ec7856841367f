import { createClient, createWorker } from '@cadenza/core';
import { eventsSettingFromEnv } from '../bank/bank-harness';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { performance } from 'node:perf_hooks';
import { settledHeapUsed } from '../support/force-gc';
import { quietLogger } from '../support/quiet-logger';
import { waitForEvents, watchingHistoryStore } from '../support/watching-history-store';
import { SuspendedWorkflow } from '../workflows/suspended-workflow';

/** What {@link measureSuspendedMemory} found; bytes are `heapUsed` deltas after full collections. */
export interface SuspendedMemory {
  readonly workflows: number;
  /** Everything this process holds per waiting workflow: the engine's live instance, its history in the
   *  in-memory store, the transport's bookkeeping and the client's pending reply. */
  readonly bytesPerWorkflow: number;
  /** The part `worker.clearCache()` gives back: the live, suspended instance in the engine's cache. */
  readonly cachedInstanceBytesPerWorkflow: number;
  /** What stays after the cache is cleared: the in-memory history and the client's pending reply. */
  readonly restBytesPerWorkflow: number;
  /** From the first start to the last workflow suspended, in ms. */
  readonly startAllMs: number;
  readonly heapBeforeBytes: number;
  readonly heapSuspendedBytes: number;
  readonly heapAfterCacheClearBytes: number;
}

const WARM_UP = 200;
const CHUNK = 500;

/**
 * Starts `workflows` instances that each wait on a channel forever, on the in-memory transport and store,
 * and measures the heap they hold (needs `--expose-gc`). The cache is sized to keep them all live.
 */
export const measureSuspendedMemory = async (workflows: number): Promise<SuspendedMemory> => {
  const transport = createInMemoryTransport({ broker: new InMemoryBroker() });
  const history = watchingHistoryStore(createInMemoryHistoryStore());
  const namespace = 'memory';
  const worker = createWorker({ transport, history, namespace, cacheSize: workflows + WARM_UP, logger: quietLogger, ...eventsSettingFromEnv() })
    .registerWorkflow(SuspendedWorkflow);
  await worker.start();
  const client = createClient({ transport, namespace, logger: quietLogger });
  const startAll = async (from: number, count: number): Promise<void> => {
    const suspended = waitForEvents(history, 'ReceiveStarted', count);
    for (let i = 0; i < count; i += CHUNK) {
      await Promise.all(Array.from({ length: Math.min(CHUNK, count - i) }, (_, j) =>
        client.dispatch(client.newWorkflow(SuspendedWorkflow, { id: `suspended-${from + i + j}` }).run)));
    }
    await suspended;
  };
  try {
    await startAll(0, WARM_UP);
    const heapBeforeBytes = await settledHeapUsed();
    const t0 = performance.now();
    await startAll(WARM_UP, workflows);
    const startAllMs = Math.round(performance.now() - t0);
    const heapSuspendedBytes = await settledHeapUsed();
    worker.clearCache();
    const heapAfterCacheClearBytes = await settledHeapUsed();
    const per = (bytes: number) => Math.round(bytes / workflows);
    return {
      workflows,
      bytesPerWorkflow: per(heapSuspendedBytes - heapBeforeBytes),
      cachedInstanceBytesPerWorkflow: per(heapSuspendedBytes - heapAfterCacheClearBytes),
      restBytesPerWorkflow: per(heapAfterCacheClearBytes - heapBeforeBytes),
      startAllMs, heapBeforeBytes, heapSuspendedBytes, heapAfterCacheClearBytes,
    };
  } finally {
    await client.close();
    await worker.stop();
    await transport.close();
    await history.close();
  }
};
