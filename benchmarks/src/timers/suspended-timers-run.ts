import { createClient, createNames, createWorker, type HistoryStore } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { performance } from 'node:perf_hooks';
import { settledHeapUsed } from '../support/force-gc';
import { JumpClock } from '../support/jump-clock';
import { latencyStats } from '../support/latency-stats';
import { quietLogger } from '../support/quiet-logger';
import { waitForEvents, watchingHistoryStore } from '../support/watching-history-store';
import { TimerWorkflow } from '../workflows/timer-workflow';

/** What {@link runSuspendedTimers} measured. */
export interface SuspendedTimersFigures {
  readonly workflows: number;
  /** The worker's LRU cache of live instances: the most it keeps in memory, whatever the number suspended. */
  readonly cacheSize: number;
  /** Workflows being started at once (closed loop: a lane starts the next when its last one is asleep). */
  readonly inFlight: number;
  /** Workflows started (up to their timer recorded) per second. */
  readonly workflowsPerSecond: number;
  /** Dispatch of a workflow until its `TimerStarted` was appended, in ms. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly startAllMs: number;
  /** Heap used (after full collections) before the first start, with `cacheSize` suspended, and with all suspended. */
  readonly heapBeforeBytes: number;
  readonly heapAtCacheSizeBytes: number;
  readonly heapSuspendedBytes: number;
  /** Heap per workflow for the first `cacheSize` (live instance and all) and for the rest (evicted: history,
   *  the timer's message in the transport, the client's bookkeeping only). */
  readonly bytesPerCachedWorkflow: number;
  readonly bytesPerEvictedWorkflow: number;
  readonly rssSuspendedBytes: number;
  /** From firing every timer (a clock jump) to the last workflow completed, in ms, and per second. */
  readonly finishAllMs: number;
  readonly finishedPerSecond: number;
  /** Timer fired until its workflow completed: p50 / p99, in ms. */
  readonly finishP50Ms: number;
  readonly finishP99Ms: number;
  /** History reads while finishing: instances the cache had evicted, restored by replay. */
  readonly replayedOnFinish: number;
  readonly rssPeakBytes: number;
}

const HOLD_MS = 3_600_000;
/** Workflows being started at once: closed loop, each lane starts the next once its last one is asleep. */
const IN_FLIGHT = 1_000;

/** A store that counts reads: each is an instance rebuilt from its history. */
const countingReads = (inner: ReturnType<typeof watchingHistoryStore>) => {
  let reads = 0;
  const store: HistoryStore & typeof inner = { ...inner, read: (stream) => { reads++; return inner.read(stream); } };
  return { store, reads: () => reads };
};

/**
 * Starts `workflows` {@link TimerWorkflow}s, each sleeping an hour, on the in-memory transport and store with
 * the worker's cache bounded to `cacheSize`; measures the heap while they sleep; then jumps the clock an hour
 * so every timer fires at once, and times until all have completed (those evicted replay from history).
 */
export const runSuspendedTimers = async (workflows: number, cacheSize: number): Promise<SuspendedTimersFigures> => {
  const clock = new JumpClock();
  const transport = createInMemoryTransport({ broker: new InMemoryBroker(clock) });
  const watching = watchingHistoryStore(createInMemoryHistoryStore());
  const { store, reads } = countingReads(watching);
  const namespace = 'timers';
  const names = createNames(namespace);
  const worker = createWorker({ transport, history: store, namespace, cacheSize, clock, logger: quietLogger }).registerWorkflow(TimerWorkflow);
  await worker.start();
  const client = createClient({ transport, namespace, clock, logger: quietLogger });
  let rssPeakBytes = 0;
  const sampleRss = setInterval(() => (rssPeakBytes = Math.max(rssPeakBytes, process.memoryUsage().rss)), 250);
  const startMs: number[] = [];
  // Each lane's workflow tells it, by its TimerStarted append, that it is asleep: then the lane starts the next.
  const asleep = new Map<string, () => void>();
  const stopListening = watching.listen((stream, events) => {
    if (events.some((event) => event.type === 'TimerStarted')) asleep.get(stream)?.();
  });
  const startAll = async (from: number, count: number): Promise<void> => {
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, async () => {
      while (next < count) {
        const id = `timer-${from + next++}`;
        const stream = names.workflowStream('TimerWorkflow', id);
        const t0 = performance.now();
        const suspended = new Promise<void>((resolve) => asleep.set(stream, resolve));
        await client.dispatch(client.newWorkflow(TimerWorkflow, { id }).run, HOLD_MS);
        await suspended;
        asleep.delete(stream);
        startMs.push(performance.now() - t0);
      }
    }));
  };
  try {
    const heapBeforeBytes = await settledHeapUsed();
    const t0 = performance.now();
    await startAll(0, cacheSize);
    const heapAtCacheSizeBytes = await settledHeapUsed();
    const t1 = performance.now();
    await startAll(cacheSize, workflows - cacheSize);
    const startAllMs = performance.now() - t1 + (t1 - t0);
    const heapSuspendedBytes = await settledHeapUsed();
    const rssSuspendedBytes = process.memoryUsage().rss;
    stopListening();
    const start = latencyStats(startMs);

    const finishMs: number[] = [];
    const readsBefore = reads();
    let fired = 0;
    const stopFinishing = watching.listen((_, events) => {
      for (const event of events) if (event.type === 'WorkflowCompleted') finishMs.push(performance.now() - fired);
    });
    const completed = waitForEvents(watching, 'WorkflowCompleted', workflows);
    fired = performance.now();
    clock.jump(HOLD_MS);
    await completed;
    const finishAllMs = performance.now() - fired;
    stopFinishing();
    const finish = latencyStats(finishMs);
    return {
      workflows, cacheSize, inFlight: IN_FLIGHT,
      workflowsPerSecond: Math.round((workflows / startAllMs) * 1000), p50Ms: start.p50Ms, p99Ms: start.p99Ms, startAllMs: Math.round(startAllMs),
      heapBeforeBytes, heapAtCacheSizeBytes, heapSuspendedBytes,
      bytesPerCachedWorkflow: Math.round((heapAtCacheSizeBytes - heapBeforeBytes) / cacheSize),
      bytesPerEvictedWorkflow: Math.round((heapSuspendedBytes - heapAtCacheSizeBytes) / (workflows - cacheSize)),
      rssSuspendedBytes,
      finishAllMs: Math.round(finishAllMs), finishedPerSecond: Math.round((workflows / finishAllMs) * 1000),
      finishP50Ms: finish.p50Ms, finishP99Ms: finish.p99Ms, replayedOnFinish: reads() - readsBefore, rssPeakBytes,
    };
  } finally {
    clearInterval(sampleRss);
    await client.close();
    await worker.stop();
    await transport.close();
    await store.close();
  }
};
