import { createClient, createWorker, type TagFanOutResult } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { performance } from 'node:perf_hooks';
import { canForceGc, settledHeapUsed } from '../support/force-gc';
import { quietLogger } from '../support/quiet-logger';
import { TaggedWaiterWorkflow } from '../workflows/tagged-waiter-workflow';

/** What {@link runTagFanOut} measured. */
export interface TagFanOutFigures {
  /** Instances started with the tag, each waiting on its channel. */
  readonly instances: number;
  /** Ids per page of the fan-out (and requests in flight). */
  readonly pageSize: number;
  /** Starting every instance until the tag index lists them all. */
  readonly startMs: number;
  /** `getByTag(...).send(...)` until it resolved: every instance accepted the signal (recorded it). */
  readonly deliverMs: number;
  /** The same send until the last instance's result arrived: every instance ended. */
  readonly allEndedMs: number;
  /** Signals accepted per second over `deliverMs`. */
  readonly signalsPerSecond: number;
  /** What the fan-out answered. */
  readonly accepted: number;
  readonly skipped: number;
  readonly failed: number;
  /** Heap used with every instance waiting, minus before they started, after a GC; per instance too (null without --expose-gc). */
  readonly waitingHeapBytes: number | null;
  readonly waitingHeapBytesPerInstance: number | null;
  /** Listing every id by pages of `pageSize`, with all of them running. */
  readonly listAllMs: number;
  /** The tag index once all ended (0: each end removed its entry). */
  readonly listedAfterEnd: number;
}

/**
 * `instances` {@link TaggedWaiterWorkflow}s with one tag on the in-memory transport and store, then one
 * `getByTag(...).send('go', ...)` to all of them.
 */
export const runTagFanOut = async (instances: number, pageSize = 500): Promise<TagFanOutFigures> => {
  const transport = createInMemoryTransport({ broker: new InMemoryBroker() });
  const history = createInMemoryHistoryStore();
  const namespace = 'tag-fan-out';
  const worker = createWorker({ transport, history, namespace, logger: quietLogger, cacheSize: instances + 100 }).registerWorkflow(TaggedWaiterWorkflow);
  await worker.start();
  const client = createClient({ transport, history, namespace, logger: quietLogger });
  const tag = 'campaign:2026-12';
  try {
    const heapBefore = canForceGc() ? await settledHeapUsed() : null;
    const t0 = performance.now();
    const stub = client.newWorkflow(TaggedWaiterWorkflow, { tags: [tag] });
    const handles = [];
    for (let i = 0; i < instances; i += pageSize) {
      const batch = Array.from({ length: Math.min(pageSize, instances - i) }, () => client.start(stub.run));
      handles.push(...(await Promise.all(batch)));
    }
    const byTag = client.getByTag(TaggedWaiterWorkflow, tag, { pageSize });
    while ((await countIds(byTag.ids())) < instances) await new Promise((resolve) => setTimeout(resolve, 20));
    const startMs = performance.now() - t0;
    const waitingHeap = heapBefore === null ? null : (await settledHeapUsed()) - heapBefore;
    const l0 = performance.now();
    const listed = await countIds(byTag.ids());
    const listAllMs = performance.now() - l0;
    if (listed !== instances) throw new Error(`listed ${listed} of ${instances}`);
    const s0 = performance.now();
    const results = Promise.all(handles.map((h) => h.result()));
    const sent: TagFanOutResult = await byTag.send('go', 'now');
    const deliverMs = performance.now() - s0;
    const ended = await results;
    const allEndedMs = performance.now() - s0;
    if (ended.some((r) => r !== 'now')) throw new Error('an instance did not return the value sent');
    let listedAfterEnd = await countIds(byTag.ids());
    // An instance's entry goes just after its result is published: wait for the last few.
    for (let round = 0; round < 100 && listedAfterEnd > 0; round++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      listedAfterEnd = await countIds(byTag.ids());
    }
    return {
      instances, pageSize, startMs: Math.round(startMs), deliverMs: Math.round(deliverMs), allEndedMs: Math.round(allEndedMs),
      signalsPerSecond: Math.round((sent.count / deliverMs) * 1000), accepted: sent.count, skipped: sent.skipped.length, failed: sent.failed.length,
      waitingHeapBytes: waitingHeap, waitingHeapBytesPerInstance: waitingHeap === null ? null : Math.round(waitingHeap / instances),
      listAllMs: Math.round(listAllMs * 10) / 10, listedAfterEnd,
    };
  } finally {
    await client.close();
    await worker.stop();
    await transport.close();
    await history.close();
  }
};

const countIds = async (ids: AsyncIterable<string>): Promise<number> => {
  let n = 0;
  for await (const id of ids) if (id) n++;
  return n;
};
