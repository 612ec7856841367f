import type { CadenzaCloudEvent } from './cadenza-cloud-event';
import type { BatchHandler } from './event-listener.options';
import { ListenerStoppedError } from './listener-stopped-error';
import { retryUntilDone, type RetryContext } from './retry-until-done';

/** Events collected for one `onBatch` call, and the deliveries waiting for it. */
interface Batch {
  readonly events: CadenzaCloudEvent[];
  readonly waiters: Array<{ resolve: () => void; reject: (error: Error) => void }>;
  cancelTimer?: () => void;
}

export interface EventBatcherOptions extends RetryContext {
  readonly onBatch: BatchHandler;
  readonly maxEvents: number;
  readonly maxWaitMs: number;
}

/**
 * Gathers the events of concurrent deliveries into batches of at most `maxEvents`, sealed when full or
 * `maxWaitMs` after their first event, and hands them to `onBatch` one batch at a time, in the order they were
 * sealed. A delivery's events may span two batches; its `add` resolves once every batch holding them is done.
 */
export class EventBatcher {
  private open: Batch | undefined;
  private readonly sealed: Batch[] = [];
  private running = false;

  constructor(private readonly o: EventBatcherOptions) {}

  /** Resolves once `onBatch` resolved for every event given; rejects with `ListenerStoppedError` after stop. */
  add(events: readonly CadenzaCloudEvent[]): Promise<void> {
    if (this.o.signal.aborted) return Promise.reject(new ListenerStoppedError(this.o.group));
    const done: Array<Promise<void>> = [];
    for (let next = 0; next < events.length;) {
      const batch = this.open ?? this.startBatch();
      const take = Math.min(events.length - next, this.o.maxEvents - batch.events.length);
      batch.events.push(...events.slice(next, next + take));
      next += take;
      done.push(new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject })));
      if (batch.events.length >= this.o.maxEvents) this.seal(batch);
    }
    return Promise.all(done).then(() => undefined);
  }

  /** Called on stop: what has not started is not handled, and its deliveries are redelivered later. */
  abandon(): void {
    const error = new ListenerStoppedError(this.o.group);
    const dropped = [...(this.open ? [this.open] : []), ...this.sealed.splice(0)];
    this.open?.cancelTimer?.();
    this.open = undefined;
    for (const batch of dropped) for (const waiter of batch.waiters) waiter.reject(error);
  }

  private startBatch(): Batch {
    const batch: Batch = { events: [], waiters: [] };
    const { clock, maxWaitMs } = this.o;
    batch.cancelTimer = clock.setTimer(clock.now() + maxWaitMs, () => this.seal(batch));
    this.open = batch;
    return batch;
  }

  private seal(batch: Batch): void {
    if (this.open !== batch) return;
    batch.cancelTimer?.();
    this.open = undefined;
    this.sealed.push(batch);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (let batch = this.sealed.shift(); batch; batch = this.sealed.shift()) {
      const { events, waiters } = batch;
      try {
        await retryUntilDone(() => this.o.onBatch(events), { size: events.length, firstId: events[0]?.id }, this.o);
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error as Error);
      }
    }
    this.running = false;
  }
}
