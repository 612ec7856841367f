import type { Clock } from '@cadenza/core';
import type { FaultKind } from './fault-kinds';
import type { Prng } from './prng';

/** One fault that was injected, for the report of a failing seed. */
export interface InjectedFault {
  /** Virtual ms since the run began. */
  readonly at: number;
  readonly kind: FaultKind;
  readonly detail: string;
}

/**
 * Decides, from the run's own generator, whether a fault of an enabled kind strikes now, and keeps the log
 * of every fault injected. A disabled kind draws nothing from the generator, so a run with one kind
 * switched off draws the same workload as the full run.
 */
export class FaultInjector {
  readonly injected: InjectedFault[] = [];
  private readonly counts = new Map<FaultKind, number>();
  private readonly origin: number;

  constructor(private readonly enabled: ReadonlySet<FaultKind>, readonly rng: Prng, private readonly clock: Clock) {
    this.origin = clock.now();
  }

  /** The virtual time now, in ms since the epoch. */
  now(): number {
    return this.clock.now();
  }

  has(kind: FaultKind): boolean {
    return this.enabled.has(kind);
  }

  /** True (and logged) with probability `p` when `kind` is enabled. */
  strikes(kind: FaultKind, p: number, detail: () => string): boolean {
    if (!this.enabled.has(kind) || !this.rng.chance(p)) return false;
    this.record(kind, detail());
    return true;
  }

  record(kind: FaultKind, detail: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    this.injected.push({ at: this.clock.now() - this.origin, kind, detail });
  }

  /** How many faults of each kind were injected. */
  summary(): string {
    return [...this.counts].map(([kind, n]) => `${kind}×${n}`).join(', ') || 'none';
  }
}
