import { createClient, createWorker } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { performance } from 'node:perf_hooks';
import { latencyStats, median, roundMs } from '../support/latency-stats';
import { quietLogger } from '../support/quiet-logger';
import { SignalsWorkflow } from '../workflows/signals-workflow';

/** What {@link runSignals} measured. */
export interface SignalsFigures {
  /** Signals sent to the one workflow over its life. */
  readonly signals: number;
  /** Sends waiting for their answer at once (1: each send waits for the one before). */
  readonly inFlight: number;
  /** Signals handled per second (named like the other results' throughput field). */
  readonly workflowsPerSecond: number;
  /** Step time: a send until the engine answered it accepted (recorded, and the receive resumed). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  /** Median step time over the first and the last thousand signals (or tenth, when fewer are sent). */
  readonly firstThousandMedianMs: number;
  readonly lastThousandMedianMs: number;
  /** Last ÷ first: 1 means a step does not get slower as the workflow's history grows. */
  readonly lastToFirstRatio: number;
  /** Heap used after the last signal minus after the first window, after a GC (the history is in memory too). */
  readonly heapGrowthBytes: number;
  readonly totalMs: number;
}

/**
 * One {@link SignalsWorkflow} on the in-memory transport and store with a warm cache, sent `signals` numbers one
 * after the other (after an unmeasured warm-up workflow of 1,000); times every send.
 */
export const runSignals = async (signals: number): Promise<SignalsFigures> => {
  const transport = createInMemoryTransport({ broker: new InMemoryBroker() });
  const history = createInMemoryHistoryStore();
  const namespace = 'signals';
  const worker = createWorker({ transport, history, namespace, logger: quietLogger }).registerWorkflow(SignalsWorkflow);
  await worker.start();
  const client = createClient({ transport, namespace, logger: quietLogger });
  const sendAll = async (id: string, count: number, onSent?: (n: number, ms: number) => void): Promise<void> => {
    const handle = await client.dispatch(client.newWorkflow(SignalsWorkflow, { id }).run, count);
    const typed = client.getById(SignalsWorkflow, id);
    for (let n = 0; n < count; n++) {
      const t0 = performance.now();
      await typed.send('inbox', 1);
      onSent?.(n, performance.now() - t0);
    }
    if ((await handle.result()) !== count) throw new Error(`${id} did not sum its ${count} signals`);
  };
  try {
    await sendAll('signals-warm-up', 1_000);
    const stepMs = new Float64Array(signals);
    const window = Math.min(1_000, Math.max(1, Math.floor(signals / 10)));
    let heapAfterFirst = 0;
    const t0 = performance.now();
    await sendAll('signals-measured', signals, (n, ms) => {
      stepMs[n] = ms;
      if (n === window - 1) heapAfterFirst = heapUsed();
    });
    const totalMs = performance.now() - t0;
    const heapGrowthBytes = heapUsed() - heapAfterFirst;
    const all = latencyStats(Array.from(stepMs));
    const first = median(Array.from(stepMs.subarray(0, window)));
    const last = median(Array.from(stepMs.subarray(signals - window)));
    return {
      signals, inFlight: 1, workflowsPerSecond: Math.round((signals / totalMs) * 1000),
      p50Ms: all.p50Ms, p99Ms: all.p99Ms, meanMs: all.meanMs,
      firstThousandMedianMs: roundMs(first), lastThousandMedianMs: roundMs(last), lastToFirstRatio: Math.round((last / first) * 100) / 100,
      heapGrowthBytes, totalMs: Math.round(totalMs),
    };
  } finally {
    await client.close();
    await worker.stop();
    await transport.close();
    await history.close();
  }
};

/** Heap used after a full collection when the process has `--expose-gc` (npm run bench passes it). */
const heapUsed = (): number => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};
