import type { Clock } from '../ports/clock.port';

/** What one submitted item gets back: its own outcome, or the failure of its whole batch. */
export type BatchSettled<O> = { readonly kind: 'item'; readonly outcome: O } | { readonly kind: 'batch-failed'; readonly error: unknown };

export interface TaskBatcherOptions<I, O> {
  /** A batch is run as soon as it holds this many items. */
  readonly maxMessages: number;
  /** ...or this many ms after its first item came. */
  readonly maxMs: number;
  readonly clock: Clock;
  /** Runs one batch: one outcome per item, in order. A rejection fails the batch as a whole. */
  readonly run: (items: readonly I[]) => Promise<readonly O[]>;
}

interface OpenBatch<I, O> {
  readonly items: I[];
  readonly waiters: Array<(settled: BatchSettled<O>) => void>;
  cancel?: () => void;
}

/**
 * Collects items per key into batches and runs each batch once, when it is full or when its time is up.
 * Each `submit` settles with its item's own outcome (never rejects): what is done with it, publishing and
 * acknowledging, stays with the caller, item by item. After `stop()` nothing waits any more: what is open
 * runs at once, and each later item runs as soon as it comes (in what arrives in the same turn).
 */
export class TaskBatcher<I, O> {
  private readonly open = new Map<string, OpenBatch<I, O>>();
  private stopped = false;

  constructor(private readonly o: TaskBatcherOptions<I, O>) {}

  /** Batches open now, waiting to fill. */
  get pending(): number {
    return this.open.size;
  }

  submit(key: string, item: I): Promise<BatchSettled<O>> {
    let batch = this.open.get(key);
    if (!batch) {
      batch = { items: [], waiters: [] };
      this.open.set(key, batch);
      const opened = batch;
      if (!this.stopped) {
        opened.cancel = this.o.clock.setTimer(this.o.clock.now() + this.o.maxMs, () => {
          delete opened.cancel; // it fired: nothing to cancel
          this.flush(key, opened);
        });
      }
      else queueMicrotask(() => this.flush(key, opened));
    }
    const settled = new Promise<BatchSettled<O>>((resolve) => batch.waiters.push(resolve));
    batch.items.push(item);
    if (batch.items.length >= this.o.maxMessages) this.flush(key, batch);
    return settled;
  }

  /** Runs every open batch now and stops waiting from now on (the worker is stopping). */
  stop(): void {
    this.stopped = true;
    for (const [key, batch] of [...this.open]) this.flush(key, batch);
  }

  private flush(key: string, batch: OpenBatch<I, O>): void {
    if (this.open.get(key) !== batch) return; // already run
    this.open.delete(key);
    batch.cancel?.();
    const { items, waiters } = batch;
    void (async () => {
      let settled: ReadonlyArray<BatchSettled<O>>;
      try {
        const outcomes = await this.o.run(items);
        settled = outcomes.map((outcome) => ({ kind: 'item' as const, outcome }));
      } catch (error) {
        settled = items.map(() => ({ kind: 'batch-failed' as const, error }));
      }
      waiters.forEach((resolve, i) => resolve(settled[i]!));
    })();
  }
}
