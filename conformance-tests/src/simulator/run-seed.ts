import { createClient, type HistoryStore } from '@cadenza/core';
import { Activity } from './activity';
import type { SimBackend } from './backend';
import { Cluster, type Retention, silentLogger } from './cluster';
import { type DeadLettered, watchDeadLetters } from './dead-letters';
import { EffectsLedger } from './effects-ledger';
import { FaultInjector, type InjectedFault } from './fault-injector';
import type { FaultKind } from './fault-kinds';
import { planOutages, scheduleMembershipFaults } from './fault-schedule';
import { faultyStore, type HistoryWatch } from './faulty-store';
import { faultyTransport, type TransportFaultRates } from './faulty-transport';
import { Prng } from './prng';
import { VirtualClock } from './virtual-clock';
import { driveWorkload } from './workload-driver';
import { generateWorkload, type Outcome, type ScriptedWorkflow } from './workload';

/** The namespace of every run; each run has a broker and a store of its own. */
export const SIM_NAMESPACE = 'sim';

/** How often the message and store faults strike, per publish or per store call. */
const RATES: TransportFaultRates = { duplicate: 0.05, lateDuplicate: 0.05, delay: 0.05, publishFailure: 0.03 };
const STORE_ERROR_RATE = 0.03;
/** A run that has not settled after this much virtual time is over; what has no outcome is stuck. */
const HORIZON_MS = 2 * 60 * 60 * 1000;
/**
 * A quarter of the seeds keep outcomes only minutes (far longer than any fault delays a message, so late
 * requests still find them) and sweep often: their runs prove that the sweeper bounds what is kept.
 */
const SHORT_RETENTION: Retention = { retentionMs: 10 * 60 * 1000, sweepPeriodMs: 5 * 60 * 1000 };
/** Failed sweeps (store errors, outages) a kept outcome may outlive its retention by, in sweep periods. */
const SWEEPS_ALLOWED = 3;

/** Scheduler turns without quiescence before the run is declared livelocked. */
const MAX_TURNS = 200_000;

/** Everything a run observed, for the invariants to judge. */
export interface SeedRun {
  readonly workload: readonly ScriptedWorkflow[];
  readonly outcomes: ReadonlyMap<string, Outcome>;
  readonly ledger: EffectsLedger;
  readonly history: HistoryWatch;
  readonly injected: readonly InjectedFault[];
  readonly faultSummary: string;
  readonly unhandled: readonly string[];
  readonly deadLetters: readonly DeadLettered[];
  /** The retention the workers ran with (none: the default, longer than the run). */
  readonly retention?: Retention;
  /** Cleared streams whose retention passed {@link SWEEPS_ALLOWED} sweep periods before the run ended, yet still kept. */
  readonly lingering: readonly string[];
  /** Client calls, worker starts and timer callbacks that failed, and a livelock if there was one. */
  readonly errors: readonly string[];
  readonly workers: number;
  readonly virtualMs: number;
}

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Waits until no handler runs and a whole turn of the event loop did nothing; false if that never happens. */
const quiescent = async (activity: Activity, budget: { turns: number }): Promise<boolean> => {
  for (;;) {
    if (budget.turns-- <= 0) return false;
    const before = activity.ticks;
    await immediate();
    if (activity.inFlight === 0 && activity.ticks === before) return true;
  }
};

/**
 * Runs the workload of `seed` under the enabled fault kinds, on a fresh backend and a virtual clock, until
 * nothing is left to do (or the horizon), and returns what it observed. The same seed and kinds give the
 * same run: every choice comes from generators forked off the seed, and time moves only when the system
 * is quiescent.
 */
export const runSeed = async (seed: number, kinds: readonly FaultKind[], backend: SimBackend): Promise<SeedRun> => {
  const root = new Prng(seed);
  const worldRng = root.fork(1);
  const faultRng = root.fork(2);
  const scheduleRng = root.fork(3);
  const workload = generateWorkload(worldRng, kinds.includes('workflow-throws'));
  const workers = worldRng.int(2, 3);
  const retention = root.fork(4).chance(0.25) ? SHORT_RETENTION : undefined;

  const clock = new VirtualClock();
  const origin = clock.now();
  const instance = backend.open(clock);
  const activity = new Activity();
  const faults = new FaultInjector(new Set(kinds), faultRng, clock);
  for (const w of workload) if (w.ending === 'throws') faults.record('workflow-throws', `${w.workflowId}'s code throws${w.steps.some((s) => s.t === 'throw') ? '' : ' in its constructor'}`);
  const { store, watch } = faultyStore(instance.store, faults, activity, STORE_ERROR_RATE, planOutages(faults, scheduleRng, origin));
  const ledger = new EffectsLedger();
  const errors: string[] = [];
  const unhandled: string[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
  process.on('unhandledRejection', onUnhandled);

  const transport = (participant: 'worker' | 'client') => faultyTransport(instance.transport(), faults, activity, RATES, participant);
  const cluster = new Cluster(workers, { transport: () => transport('worker'), store, ledger, clock, namespace: SIM_NAMESPACE, ...(retention ? { retention } : {}) });
  const client = createClient({ transport: transport('client'), namespace: SIM_NAMESPACE, clock, logger: silentLogger, clientId: 'sim-client' });
  try {
    const deadLetters = await watchDeadLetters(instance.transport(), SIM_NAMESPACE, activity);
    for (let slot = 0; slot < workers; slot++) await cluster.start(slot);
    const observed = driveWorkload(client, workload, clock, ledger, errors);
    scheduleMembershipFaults(cluster, faults, scheduleRng, clock, errors);

    const budget = { turns: MAX_TURNS };
    let livelocked = false;
    for (;;) {
      if (!(await quiescent(activity, budget))) {
        errors.push(`livelock: no quiescence after ${MAX_TURNS} event-loop turns`);
        livelocked = true;
        break;
      }
      const next = clock.nextAt();
      if (next === undefined || next > origin + HORIZON_MS) break;
      try {
        clock.fireNext();
      } catch (error) {
        errors.push(`a timer callback threw at +${clock.now() - origin} ms: ${String(error)}`);
      }
    }
    // Taken before teardown: closing the client rejects what still waits, which is not an outcome.
    const outcomes = new Map<string, Outcome>(workload.map((w) => [w.workflowId, observed.get(w.workflowId) ?? { status: 'stuck' }]));
    const virtualMs = clock.now() - origin;
    const seen = [...errors];
    await client.close();
    if (livelocked) cluster.crashAll();
    else await cluster.stopAll();
    await immediate();
    const lingering = retention ? await keptTooLong(instance.store, watch, clock.now() - SWEEPS_ALLOWED * retention.sweepPeriodMs) : [];
    return {
      workload, outcomes, ledger, history: watch, injected: faults.injected, faultSummary: faults.summary(), unhandled, deadLetters: [...deadLetters], errors: seen, workers, virtualMs,
      ...(retention ? { retention } : {}), lingering,
    };
  } finally {
    instance.shutdown();
    process.off('unhandledRejection', onUnhandled);
  }
};

/** The cleared streams that the store still keeps although their retention ended before `dueBy`. */
const keptTooLong = async (store: HistoryStore, watch: HistoryWatch, dueBy: number): Promise<string[]> => {
  const lingering: string[] = [];
  for (const [stream, until] of watch.keptUntil) {
    if (until <= dueBy && (await store.read(stream)).revision === 'deleted') lingering.push(stream);
  }
  return lingering;
};
