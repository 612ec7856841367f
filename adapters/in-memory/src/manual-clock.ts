import type { Clock } from '@cadenza/core';

/** A clock that moves only when told: for tests of delays and timers without waiting. */
export class ManualClock implements Clock {
  private timers: Array<{ at: number; fire: () => void; id: number }> = [];
  private nextId = 0;

  constructor(private current = 0) {}

  now(): number {
    return this.current;
  }

  setTimer(at: number, fire: () => void): () => void {
    const id = this.nextId++;
    this.timers.push({ at, fire, id });
    return () => {
      this.timers = this.timers.filter((timer) => timer.id !== id);
    };
  }

  /** Moves time forward by `ms`, firing due timers in time order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.current = Math.max(this.current, due.at);
      due.fire();
    }
    this.current = target;
  }
}
