import type { Clock } from '@cadenza/core';

interface Timer {
  readonly at: number;
  readonly id: number;
  readonly fire: () => void;
}

/**
 * Simulated time. It moves only when the scheduler calls `fireNext()`, which it does once the system is
 * quiescent: then every timer due at the earliest pending time fires, in the order they were set.
 */
export class VirtualClock implements Clock {
  private readonly timers = new Map<number, Timer>();
  private nextId = 0;
  private current: number;

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(at: number, fire: () => void): () => void {
    const id = this.nextId++;
    this.timers.set(id, { at, id, fire });
    return () => void this.timers.delete(id);
  }

  /** When the earliest pending timer is due, or undefined when none is pending. */
  nextAt(): number | undefined {
    let earliest: number | undefined;
    for (const timer of this.timers.values()) if (earliest === undefined || timer.at < earliest) earliest = timer.at;
    return earliest;
  }

  /** Moves to the earliest pending time (never backwards) and fires every timer due then. */
  fireNext(): void {
    const at = this.nextAt();
    if (at === undefined) return;
    this.current = Math.max(this.current, at);
    // Map iteration follows insertion, that is `id`, order: timers due together fire as they were set.
    const due = [...this.timers.values()].filter((timer) => timer.at <= this.current);
    for (const timer of due) {
      this.timers.delete(timer.id);
      timer.fire();
    }
  }
}
