import type { MachineSnapshot } from '@cadenza/benchmarks';
import type { ChaosViolation } from './chaos-invariants';
import type { ResolvedChaosOptions } from './chaos-options';
import type { InjectedFault } from './fault-injector';
import type { StallStats } from './stall-stats';
import type { UnexpectedExit } from './worker-pool';

/** What a chaos run writes to `benchmarks/results/chaos.<transport>.<store>.json`. */
export interface ChaosReport {
  readonly setup: string;
  readonly about: string;
  readonly command: string;
  readonly options: Omit<ResolvedChaosOptions, 'log'>;
  readonly namespace: string;
  /** At the start and at the end of the run: the figures mean little under a much higher load. */
  readonly machine: { readonly start: MachineSnapshot; readonly end: MachineSnapshot };
  readonly processes: { readonly workflowWorkers: number; readonly serviceWorkers: number; readonly started: number; readonly unexpectedExits: readonly UnexpectedExit[] };
  readonly transfers: {
    readonly requested: number;
    readonly dispatched: number;
    readonly completed: number;
    readonly failed: number;
    /** Dispatches refused by a broker that was down, then tried again. */
    readonly dispatchRetries: number;
    /** Steps the services ran, duplicates included, and the distinct task ids among them. */
    readonly executions: number;
    readonly distinctTasks: number;
  };
  /** From the first dispatch to the last completion, in ms; and transfers completed per second over it. */
  readonly elapsedMs: number;
  readonly throughputPerSecond: number;
  /** While faults were being injected only. */
  readonly throughputUnderFaultsPerSecond: number;
  readonly faultsInjectedMs: number;
  readonly stalls: Record<string, StallStats>;
  readonly faults: readonly InjectedFault[];
  readonly violations: readonly ChaosViolation[];
  /** Violations by invariant: what to read first. */
  readonly violationCounts: Record<string, number>;
  /** The transfers that did not complete (first 50), each with what its result said. */
  readonly unfinished: readonly string[];
}
