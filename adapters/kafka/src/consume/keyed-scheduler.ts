import { Deque } from '@cadenza/core';

/** What running one item decided: finished (handled, dead-lettered or abandoned), or run it again later. */
export type RunOutcome = 'done' | { retryAfterMs: number };

/** Options of a {@link KeyedScheduler}. */
export interface KeyedSchedulerOptions<T> {
  /** Items running at once; an item waiting to be retried does not count.
   *  @default 1 */
  readonly concurrency: number;
  /** Runs one item; must not reject (a rejection counts as `done`). */
  readonly run: (item: T) => Promise<RunOutcome>;
}

interface Lane<T> {
  readonly items: T[];
  state: 'queued' | 'running' | 'waiting';
  timer?: NodeJS.Timeout;
}

/**
 * Runs items in lanes: one item of a lane at a time, in push order, and different lanes in parallel up to
 * `concurrency`. A lane is a message key for `order: 'per-key'` and one message for `order: 'none'`. An item
 * to retry keeps the head of its lane, so the lane's later items wait for it, but it frees its slot.
 */
export class KeyedScheduler<T> {
  private readonly lanes = new Map<string, Lane<T>>();
  private readonly ready = new Deque<string>();
  private running = 0;
  private size_ = 0;
  private stopped = false;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly options: KeyedSchedulerOptions<T>) {}

  /** Items queued, running or waiting to be retried. */
  get size(): number {
    return this.size_;
  }

  /** Items running now. */
  get active(): number {
    return this.running;
  }

  push(lane: string, item: T): void {
    if (this.stopped) return;
    this.size_++;
    const existing = this.lanes.get(lane);
    if (existing) {
      existing.items.push(item);
      return;
    }
    this.lanes.set(lane, { items: [item], state: 'queued' });
    this.ready.push(lane);
    this.pump();
  }

  /**
   * Drops every item that is not running (queued or waiting to be retried) and returns them; running items
   * finish, and items pushed later wait behind them in their lane.
   */
  dropPending(): T[] {
    const dropped: T[] = [];
    for (const [id, lane] of this.lanes) {
      const keep = lane.state === 'running' ? 1 : 0;
      dropped.push(...lane.items.splice(keep));
      if (lane.timer) clearTimeout(lane.timer);
      if (keep === 0) this.lanes.delete(id);
    }
    this.size_ -= dropped.length;
    this.ready.clear();
    this.notifyIdle();
    return dropped;
  }

  /** Starts nothing more, drops what is not running, and resolves once no item runs. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.dropPending();
    await this.idle();
  }

  /** Resolves when no item is running. */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (!this.stopped && this.running < this.options.concurrency) {
      const id = this.ready.shift();
      if (id === undefined) return;
      const lane = this.lanes.get(id);
      if (!lane || lane.state !== 'queued' || lane.items.length === 0) continue;
      lane.state = 'running';
      this.running++;
      void this.runHead(id, lane);
    }
  }

  private async runHead(id: string, lane: Lane<T>): Promise<void> {
    let outcome: RunOutcome;
    try {
      outcome = await this.options.run(lane.items[0]!);
    } catch {
      outcome = 'done';
    }
    this.running--;
    if (this.lanes.get(id) !== lane) {
      // dropPending removed the lane while this item ran; nothing else to do for it.
    } else if (outcome === 'done') {
      lane.items.shift();
      this.size_--;
      if (lane.items.length === 0) this.lanes.delete(id);
      else this.requeue(id, lane);
    } else if (this.stopped) {
      lane.items.splice(0);
      this.lanes.delete(id);
    } else {
      lane.state = 'waiting';
      lane.timer = setTimeout(() => {
        lane.timer = undefined;
        if (this.lanes.get(id) === lane) this.requeue(id, lane);
      }, outcome.retryAfterMs);
    }
    if (this.running === 0) this.notifyIdle();
    this.pump();
  }

  private requeue(id: string, lane: Lane<T>): void {
    lane.state = 'queued';
    this.ready.push(id);
    this.pump();
  }

  private notifyIdle(): void {
    if (this.running !== 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
