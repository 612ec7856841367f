import type { BankRunPlan } from '../bank/bank-runs';

/** How big and how long each workload runs; `quick` is a smoke check whose figures mean little. */
export interface Scale {
  readonly name: 'full' | 'quick';
  /** Closed-loop runs of the bank transfer on the in-memory transport and store. */
  readonly inMemory: BankRunPlan;
  /** Closed-loop runs on a real broker or database (slower per workflow, so a longer window). */
  readonly broker: BankRunPlan;
  /** Workflows in flight in the events-listener setups (the bank load a listener is measured under). */
  readonly listenerInFlight: number;
  /** Workflows started and left waiting for the memory figure. */
  readonly suspendedWorkflows: number;
  /** Sequential steps of the long workflow. */
  readonly longSteps: number;
  /** Messages of the raw produce→consume baseline on Kafka and Pulsar. */
  readonly rawMessages: number;
  /** Appends timed in each append scenario of the store helper. */
  readonly storeAppends: number;
  /** Events in the stream the store benchmark reads back. */
  readonly storeReadEvents: number;
}

/** What `npm run bench` runs: each setup well under two minutes on a quiet 2-CPU machine. */
export const fullScale: Scale = {
  name: 'full',
  inMemory: { inFlight: [1, 100, 1_000], warmupMs: 2_000, measureMs: 5_000 },
  broker: { inFlight: [1, 100, 1_000], warmupMs: 3_000, measureMs: 10_000 },
  listenerInFlight: 1_000,
  suspendedWorkflows: 10_000,
  longSteps: 10_000,
  rawMessages: 20_000,
  storeAppends: 2_000,
  storeReadEvents: 10_000,
};

/** `--quick`: every code path in seconds, for checking the benchmarks themselves. */
export const quickScale: Scale = {
  name: 'quick',
  inMemory: { inFlight: [1, 100, 1_000], warmupMs: 300, measureMs: 700 },
  broker: { inFlight: [1, 100], warmupMs: 500, measureMs: 1_500 },
  listenerInFlight: 100,
  suspendedWorkflows: 1_000,
  longSteps: 1_000,
  rawMessages: 2_000,
  storeAppends: 200,
  storeReadEvents: 1_000,
};
