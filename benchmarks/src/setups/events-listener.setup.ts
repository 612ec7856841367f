import { performance } from 'node:perf_hooks';
import { createEventListener } from '@cadenza/events';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { BANK_WORKER_SETTINGS, startBankHarness } from '../bank/bank-harness';
import { type BankRun, runBankLevels } from '../bank/bank-runs';
import { type ListenerFigures, listenerProbe } from '../events/listener-probe';
import { quietLogger } from '../support/quiet-logger';
import type { BenchSetup } from './bench-setup';
import { bankSummaryRows } from './bank-summary';
import { formatCount, resultHeader } from './result-header';

const name = 'events-listener.in-memory.in-memory';
const about = 'The bank transfer at 1,000 in flight on the in-memory transport and store, events published, without and then with an event '
  + 'listener (default options, one batch handler): the bank figures both ways, the listener\'s events/s and its lag.';
const IN_FLIGHT = 1_000;

/** One closed loop at 1,000 in flight on a fresh broker, with a listener attached when `listen` is true. */
const bankRun = async (label: string, plan: { warmupMs: number; measureMs: number }, listen: boolean): Promise<{ run: BankRun; listener?: ListenerFigures }> => {
  const broker = new InMemoryBroker();
  const namespace = 'bench';
  const harness = await startBankHarness({ transport: createInMemoryTransport({ broker }), history: createInMemoryHistoryStore(), namespace, events: { publish: true } });
  const probe = listenerProbe();
  const listener = listen
    ? await createEventListener({ namespace }, { group: 'bench', transport: createInMemoryTransport({ broker }), logger: quietLogger, onBatch: (events) => probe.onBatch(events) })
    : undefined;
  try {
    const start = performance.now();
    probe.window(start + plan.warmupMs, start + plan.warmupMs + plan.measureMs);
    const [run] = await runBankLevels(label, harness, { inFlight: [IN_FLIGHT], ...plan });
    return { run: run!, ...(listener ? { listener: probe.figures() } : {}) };
  } finally {
    await listener?.stop();
    await harness.stop();
    broker.shutdown();
  }
};

/** What a listener costs the workers, and how fast it keeps up. */
export const eventsListenerSetup: BenchSetup = {
  name,
  about,
  run: async (scale) => {
    const header = resultHeader(name, about, scale);
    const plan = { warmupMs: scale.inMemory.warmupMs, measureMs: scale.inMemory.measureMs };
    const without = await bankRun(`${name} (no listener)`, plan, false);
    const withListener = await bankRun(`${name} (listener)`, plan, true);
    const listener = withListener.listener!;
    console.log(`  ${name}: listener ${formatCount(listener.eventsPerSecond)} events/s, lag p50 ${listener.lag.p50Ms} ms, p99 ${listener.lag.p99Ms} ms`);
    return {
      status: 'done',
      result: { ...header, worker: BANK_WORKER_SETTINGS, listenerOptions: 'defaults (maxEvents 100, maxWaitMs 200), one onBatch handler', withoutListener: without.run, withListener: withListener.run, listener },
      summary: [
        ...bankSummaryRows(`${name} (no listener)`, [without.run]),
        ...bankSummaryRows(`${name} (listener)`, [withListener.run]),
        { setup: name, measure: 'listener throughput and lag', value: `${formatCount(listener.eventsPerSecond)} events/s, lag p50 ${listener.lag.p50Ms} ms, p99 ${listener.lag.p99Ms} ms` },
      ],
    };
  },
};
