/**
 * Counts what the system does, so the scheduler can tell when it is quiescent: no handler running and
 * nothing published, read or appended since the last look. Only then may virtual time move.
 */
export class Activity {
  /** Every publish, store call, and handler start or end. */
  ticks = 0;
  /** Handlers running now, on every transport of the run. */
  inFlight = 0;

  touch(): void {
    this.ticks++;
  }

  /** Runs a handler, counted as in flight until it settles. */
  async track<T>(run: () => Promise<T>): Promise<T> {
    this.inFlight++;
    this.ticks++;
    try {
      return await run();
    } finally {
      this.inFlight--;
      this.ticks++;
    }
  }
}
