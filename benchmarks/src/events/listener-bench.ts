import { performance } from 'node:perf_hooks';
import type { HistoryStore, Transport } from '@cadenza/core';
import { createEventListener } from '@cadenza/events';
import { BANK_WORKER_SETTINGS, startBankHarness } from '../bank/bank-harness';
import { type BankRun, runBankLevels } from '../bank/bank-runs';
import type { SetupOutcome } from '../setups/bench-setup';
import { bankSummaryRows } from '../setups/bank-summary';
import { formatCount, type ResultHeader } from '../setups/result-header';
import { quietLogger } from '../support/quiet-logger';
import { type ListenerFigures, listenerProbe } from './listener-probe';

/** What one run of the listener bench needs, fresh for each run so the two runs share no topic or state. */
export interface ListenerRig {
  /** Keeps this run's topics apart from every other run's. */
  readonly namespace: string;
  /** For the worker and client; the harness closes it. */
  readonly transport: Transport;
  /** The harness closes it. */
  readonly history: HistoryStore;
  /** A transport of its own for the listener, opened only when one listens. */
  listenerTransport(): Promise<Transport>;
  /** Releases what the harness does not close (the listener's transport, a broker). */
  close(): Promise<void>;
}

/** How long and how loaded the two runs are. */
export interface ListenerBenchPlan {
  readonly inFlight: number;
  readonly warmupMs: number;
  readonly measureMs: number;
}

/** The bank figures without and with a listener, and what the listener received. */
export interface ListenerComparison {
  readonly withoutListener: BankRun;
  readonly withListener: BankRun;
  readonly listener: ListenerFigures;
}

/** The listener's options in every run, recorded in the result. */
export const LISTENER_SETTINGS = 'defaults (start earliest, maxEvents 100, maxWaitMs 200), one onBatch handler, its own transport';

/** The number of the transfer run before the loop: far above any the loop's lanes reach. */
const WARM_UP_TRANSFER = 1_000_000_000;

/**
 * One closed loop of the bank transfer with events published, and a listener attached when `listen` is true.
 * One transfer runs to completion first, so a broker's topics exist and its consumer groups have joined
 * before the loop starts: otherwise the whole first wave of the loop waits for them, past the warm-up.
 */
const bankRun = async (label: string, plan: ListenerBenchPlan, rig: ListenerRig, listen: boolean): Promise<{ run: BankRun; listener?: ListenerFigures }> => {
  const harness = await startBankHarness({ transport: rig.transport, history: rig.history, namespace: rig.namespace, events: { publish: true } });
  const probe = listenerProbe();
  try {
    await harness.transfer(WARM_UP_TRANSFER);
    const listener = listen
      ? await createEventListener({ namespace: rig.namespace }, {
        group: 'bench', transport: await rig.listenerTransport(), logger: quietLogger, onBatch: (events) => probe.onBatch(events),
      })
      : undefined;
    try {
      const start = performance.now();
      probe.window(start + plan.warmupMs, start + plan.warmupMs + plan.measureMs);
      const [run] = await runBankLevels(label, harness, { inFlight: [plan.inFlight], warmupMs: plan.warmupMs, measureMs: plan.measureMs });
      return { run: run!, ...(listener ? { listener: probe.figures() } : {}) };
    } finally {
      await listener?.stop();
    }
  } finally {
    await harness.stop();
    await rig.close();
  }
};

/** Runs the bank transfer without, then with, a listener, each on a fresh rig. */
export const compareWithListener = async (name: string, plan: ListenerBenchPlan, openRig: () => Promise<ListenerRig>): Promise<ListenerComparison> => {
  const without = await bankRun(`${name} (no listener)`, plan, await openRig(), false);
  const withListener = await bankRun(`${name} (listener)`, plan, await openRig(), true);
  const listener = withListener.listener!;
  console.log(`  ${name}: listener ${formatCount(listener.eventsPerSecond)} events/s, lag p50 ${listener.lag.p50Ms} ms, p99 ${listener.lag.p99Ms} ms`);
  return { withoutListener: without.run, withListener: withListener.run, listener };
};

/**
 * The result file and summary rows of a listener setup: the bank figures both ways, what the listener costs
 * the workers (workflows/s with a listener ÷ without), and the listener's events/s and lag.
 */
export const listenerOutcome = (header: ResultHeader, plan: ListenerBenchPlan, c: ListenerComparison): SetupOutcome => {
  const name = header.setup;
  const ratio = c.withoutListener.workflowsPerSecond > 0 ? Math.round((c.withListener.workflowsPerSecond / c.withoutListener.workflowsPerSecond) * 1000) / 1000 : 0;
  return {
    status: 'done',
    result: {
      ...header, worker: BANK_WORKER_SETTINGS, listenerOptions: LISTENER_SETTINGS, inFlight: plan.inFlight,
      withoutListener: c.withoutListener, withListener: c.withListener, withToWithoutRatio: ratio, listener: c.listener,
    },
    summary: [
      ...bankSummaryRows(`${name} (no listener)`, [c.withoutListener]),
      ...bankSummaryRows(`${name} (listener)`, [c.withListener]),
      { setup: name, measure: 'workflows/s with ÷ without listener', value: String(ratio) },
      { setup: name, measure: 'listener throughput and lag', value: `${formatCount(c.listener.eventsPerSecond)} events/s, lag p50 ${c.listener.lag.p50Ms} ms, p99 ${c.listener.lag.p99Ms} ms` },
    ],
  };
};
