import type { CadenzaCloudEvent } from '../../src/cadenza-cloud-event';

/** Events a handler got, and a way to wait until there are enough of them: on a condition, never on time. */
export class Received {
  readonly events: CadenzaCloudEvent[] = [];
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  get ids(): string[] {
    return this.events.map((e) => e.id);
  }

  add(...events: CadenzaCloudEvent[]): void {
    this.events.push(...events);
    this.waiters = this.waiters.filter((w) => (this.events.length >= w.count ? (w.resolve(), false) : true));
  }

  /** Resolves once at least `count` events were received. */
  atLeast(count: number): Promise<void> {
    if (this.events.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
}

/** Lets every callback the in-memory broker queued run: what has not happened after this will not by itself. */
export const settled = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};
