import { type Client, createClient, createNames, createWorker, decodeStoredEvent, replay, taskContext } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { performance } from 'node:perf_hooks';
import { median, roundMs } from '../support/latency-stats';
import { quietLogger } from '../support/quiet-logger';
import { waitForEvents, type WatchingHistoryStore, watchingHistoryStore } from '../support/watching-history-store';
import { LongWorkflow } from '../workflows/long-workflow';
import { StepService } from '../workflows/step-service';

/** Step time over a window of consecutive steps, in ms. */
export interface StepWindow {
  /** The step the window is centred on. */
  readonly around: number;
  readonly fromStep: number;
  readonly toStep: number;
  /** Median time from one task starting to the next one starting (a full step: task, result, append, next task). */
  readonly medianStepMs: number;
  readonly meanStepMs: number;
}

/** What {@link runLongWorkflow} measured. */
export interface LongWorkflowFigures {
  readonly steps: number;
  /** Events in the history when the workflow waits after its last step. */
  readonly historyEvents: number;
  readonly totalMs: number;
  readonly windows: readonly StepWindow[];
  /** `medianStepMs` at the last window ÷ at the first: 1 means step time does not grow with history. */
  readonly lastToFirstStepRatio: number;
  /** Rebuilding the instance from its full history outside the engine (median of 3), split by phase. */
  readonly replay: { readonly readMs: number; readonly decodeMs: number; readonly replayMs: number; readonly totalMs: number };
  /** With the cache cleared, from sending the signal to the next task starting: read, replay and one step. */
  readonly cacheMissStepMs: number;
}

const windowAround = (marks: Float64Array, around: number, half: number, steps: number): StepWindow => {
  const fromStep = Math.max(1, around - half);
  const toStep = Math.min(steps - 1, around + half - 1);
  const deltas: number[] = [];
  for (let n = fromStep; n <= toStep; n++) deltas.push(marks[n + 1]! - marks[n]!);
  return {
    around, fromStep, toStep: toStep + 1,
    medianStepMs: roundMs(median(deltas)),
    meanStepMs: roundMs(deltas.reduce((s, d) => s + d, 0) / deltas.length),
  };
};

/** Steps of the workflow run first, unmeasured, so the measured one starts with the code paths compiled. */
const WARM_UP_STEPS = 2_000;

const runWarmUp = async (client: Client, history: WatchingHistoryStore, steps: number): Promise<void> => {
  const waiting = waitForEvents(history, 'ReceiveStarted', 1);
  const handle = await client.dispatch(client.newWorkflow(LongWorkflow, { id: 'long-warm-up' }).run, steps);
  await waiting;
  await client.getById(LongWorkflow, 'long-warm-up').send('resume', 1);
  await handle.result();
};

/**
 * Runs one {@link LongWorkflow} of `steps` steps on the in-memory transport and store with a warm cache
 * (after an unmeasured warm-up workflow), timing each step; then replays its full history, directly and as a cache miss inside the engine.
 */
export const runLongWorkflow = async (steps: number): Promise<LongWorkflowFigures> => {
  const id = 'long-measured';
  const marks = new Float64Array(steps + 2);
  let onStep: ((n: number) => void) | undefined;
  const transport = createInMemoryTransport({ broker: new InMemoryBroker() });
  const history = watchingHistoryStore(createInMemoryHistoryStore());
  const namespace = 'long';
  const worker = createWorker({ transport, history, namespace, logger: quietLogger })
    .registerWorkflow(LongWorkflow)
    .registerService(StepService, {
      step: async (n) => {
        if (taskContext().workflowId !== id) return 1;
        marks[n] = performance.now();
        onStep?.(n);
        return 1;
      },
    });
  await worker.start();
  const client = createClient({ transport, namespace, logger: quietLogger });
  const stream = createNames(namespace).workflowStream('LongWorkflow', id);
  try {
    await runWarmUp(client, history, Math.min(steps, WARM_UP_STEPS));
    const waiting = waitForEvents(history, 'ReceiveStarted', 1);
    const t0 = performance.now();
    const handle = await client.dispatch(client.newWorkflow(LongWorkflow, { id }).run, steps);
    await waiting;
    const totalMs = performance.now() - t0;

    const replays: Array<{ readMs: number; decodeMs: number; replayMs: number }> = [];
    let historyEvents = 0;
    for (let i = 0; i < 3; i++) {
      const r0 = performance.now();
      const read = await history.read(stream);
      const r1 = performance.now();
      const recorded = read.events.map((stored) => decodeStoredEvent(stream, stored));
      const r2 = performance.now();
      if (typeof read.revision !== 'number') throw new Error(`history of ${id} is ${read.revision}`);
      await replay(LongWorkflow, id, recorded, read.revision);
      replays.push({ readMs: r1 - r0, decodeMs: r2 - r1, replayMs: performance.now() - r2 });
      historyEvents = read.events.length;
    }
    const med = (pick: (r: { readMs: number; decodeMs: number; replayMs: number }) => number) => roundMs(median(replays.map(pick)));

    worker.clearCache();
    const resumed = new Promise<number>((resolve) => (onStep = (n) => n === steps + 1 && resolve(performance.now())));
    const m0 = performance.now();
    await client.getById(LongWorkflow, id).send('resume', 1);
    const cacheMissStepMs = roundMs((await resumed) - m0);
    await handle.result();

    const half = Math.max(5, Math.min(100, Math.floor(steps / 20)));
    const centres = [100, 1_000, 10_000, 100_000].filter((c) => c < steps);
    const windows = [...centres, steps - half].map((c) => windowAround(marks, c, half, steps));
    return {
      steps, historyEvents, totalMs: Math.round(totalMs), windows,
      lastToFirstStepRatio: Math.round((windows[windows.length - 1]!.medianStepMs / windows[0]!.medianStepMs) * 100) / 100,
      replay: { readMs: med((r) => r.readMs), decodeMs: med((r) => r.decodeMs), replayMs: med((r) => r.replayMs), totalMs: med((r) => r.readMs + r.decodeMs + r.replayMs) },
      cacheMissStepMs,
    };
  } finally {
    await client.close();
    await worker.stop();
    await transport.close();
    await history.close();
  }
};
