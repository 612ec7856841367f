import { type Client, createClient, createWorker } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { type LatencyStats, latencyStats } from '../support/latency-stats';
import { quietLogger } from '../support/quiet-logger';
import { QueriedWorkflow } from '../workflows/queried-workflow';
import { StepService } from '../workflows/step-service';

/** One closed-loop run of queries: `inFlight` callers, each asking the next query as soon as one is answered. */
export interface QueryRun extends Omit<LatencyStats, 'count'> {
  /** `live`: every instance in the engine's cache; `evicted`: a cache far smaller than the instances, so each query replays. */
  readonly scenario: 'live' | 'evicted';
  readonly instances: number;
  readonly cacheSize: number;
  /** Tasks each instance ran before it waits (its history: 3 events per task, plus 3). */
  readonly stepsPerInstance: number;
  readonly inFlight: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly queries: number;
  /** Queries answered per second (named as in the other results, so the tables line up). */
  readonly workflowsPerSecond: number;
  /** The 1-minute load average when the run ended: figures are only comparable under similar load. */
  readonly load: number;
}

/** What each run of the query benchmark looks like. */
export interface QueryPlan {
  readonly scenario: QueryRun['scenario'];
  readonly instances: number;
  readonly cacheSize: number;
  readonly inFlight: number;
}

const STEPS = 10;

const startInstances = async (client: Client, count: number): Promise<string[]> => {
  const ids = Array.from({ length: count }, (_, i) => `queried-${i}`);
  await Promise.all(ids.map((id) => client.start(client.newWorkflow(QueriedWorkflow, { id }).run, STEPS)));
  // An instance is ready once its tasks ran: its count is then STEPS.
  for (const id of ids) {
    while ((await client.getById(QueriedWorkflow, id).query('count')) !== STEPS) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return ids;
};

/**
 * Queries `count` of live {@link QueriedWorkflow} instances on the in-memory transport and store, with a
 * cache that holds them all (`live`) or one much smaller (`evicted`: each query replays the history), and
 * measures the latency from the client's call to its answer.
 */
export const runQueryLatency = async (plan: QueryPlan, warmupMs: number, measureMs: number): Promise<QueryRun> => {
  const transport = createInMemoryTransport({ broker: new InMemoryBroker() });
  const history = createInMemoryHistoryStore();
  const namespace = 'queries';
  const worker = createWorker({ transport, history, namespace, logger: quietLogger, cacheSize: plan.cacheSize })
    .registerWorkflow(QueriedWorkflow)
    .registerService(StepService, { step: async () => 1 });
  await worker.start();
  const client = createClient({ transport, namespace, logger: quietLogger });
  try {
    const ids = await startInstances(client, plan.instances);
    const handles = ids.map((id) => client.getById(QueriedWorkflow, id));
    const samples: number[] = [];
    let next = 0;
    let measuring = false;
    const started = performance.now();
    const warmEnd = started + warmupMs;
    const end = warmEnd + measureMs;
    const caller = async (): Promise<void> => {
      for (let now = performance.now(); now < end; now = performance.now()) {
        if (!measuring && now >= warmEnd) measuring = true;
        const handle = handles[next++ % handles.length]!;
        const t0 = performance.now();
        await handle.query('count');
        if (t0 >= warmEnd) samples.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: plan.inFlight }, caller));
    const stats = latencyStats(samples);
    return {
      ...plan, stepsPerInstance: STEPS, warmupMs, measureMs, queries: samples.length,
      workflowsPerSecond: Math.round(samples.length / (measureMs / 1000)),
      meanMs: stats.meanMs, p50Ms: stats.p50Ms, p90Ms: stats.p90Ms, p99Ms: stats.p99Ms, maxMs: stats.maxMs,
      load: Math.round(os.loadavg()[0]! * 100) / 100,
    };
  } finally {
    await client.close();
    await worker.stop();
    await transport.close();
    await history.close();
  }
};
