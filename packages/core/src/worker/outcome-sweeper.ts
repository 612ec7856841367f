import type { Clock } from '../ports/clock.port';
import type { HistoryStore } from '../ports/history-store.port';
import type { Logger } from '../ports/logger.port';

export interface OutcomeSweeperOptions {
  readonly history: HistoryStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly periodMs: number;
  /** Tombstones one `sweep` call removes at most; a full batch is followed by another at once. */
  readonly batch?: number;
}

const DEFAULT_BATCH = 500;

/**
 * Removes, every period, the kept outcomes and tombstones of ended workflows whose retention passed. One
 * sweep runs at a time (the next period is armed only when it is done); a store error is logged, never
 * thrown, and the next period tries again.
 */
export class OutcomeSweeper {
  private cancel: (() => void) | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = true;
  private readonly log: Logger;

  constructor(private readonly o: OutcomeSweeperOptions) {
    this.log = o.logger.child({ component: 'outcome-sweeper' });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.arm();
  }

  /** Cancels the next period and waits for a sweep in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel?.();
    this.cancel = undefined;
    await this.running;
  }

  /** Sweeps everything due now, in batches; answers how many were removed. Errors are logged. */
  async sweepNow(): Promise<number> {
    const batch = this.o.batch ?? DEFAULT_BATCH;
    let total = 0;
    try {
      let removed: number;
      do {
        removed = await this.o.history.sweep(this.o.clock.now(), batch);
        total += removed;
      } while (removed >= batch && !this.stopped);
    } catch (error) {
      this.log.warn({ err: error, removed: total }, 'sweeping ended workflows failed; the next period tries again');
    }
    return total;
  }

  private arm(): void {
    if (this.stopped) return;
    this.cancel = this.o.clock.setTimer(this.o.clock.now() + this.o.periodMs, () => {
      this.cancel = undefined;
      this.running = this.sweepNow().then(() => this.arm());
    });
  }
}
