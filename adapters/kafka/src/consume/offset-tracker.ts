/**
 * Offsets of one partition that were fetched and not yet finished. Messages finish out of order (keys run
 * in parallel), but Kafka keeps one committed offset per partition, so the only safe commit is the lowest
 * unfinished offset: a crash then redelivers what was in flight and never skips a message.
 */
export class OffsetTracker {
  private readonly queue: number[] = [];
  private head = 0;
  private readonly finished = new Set<number>();
  private fetchedUpTo: number | undefined;
  private committed: number | undefined;

  /** False for an offset at or below one already added (a batch fetched twice). */
  accepts(offset: number): boolean {
    const last = this.queue[this.queue.length - 1];
    return (last === undefined || offset > last) && (this.fetchedUpTo === undefined || offset >= this.fetchedUpTo);
  }

  /** Records a fetched message; offsets must be added in increasing order. */
  add(offset: number): void {
    const last = this.queue[this.queue.length - 1];
    if (last !== undefined && offset <= last) throw new RangeError(`offset ${offset} added after ${last}`);
    this.queue.push(offset);
    this.fetchedUpTo = Math.max(this.fetchedUpTo ?? 0, offset + 1);
  }

  /** Records that everything before `next` was fetched (gaps such as transaction markers included). */
  fetched(next: number): void {
    this.fetchedUpTo = Math.max(this.fetchedUpTo ?? 0, next);
  }

  /** Marks a message finished (handled, or dead-lettered). */
  finish(offset: number): void {
    this.finished.add(offset);
    while (this.head < this.queue.length && this.finished.delete(this.queue[this.head]!)) this.head++;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Messages fetched and not finished. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  /** The offset to commit now (the next message to read after a restart), or undefined if unchanged. */
  committable(): number | undefined {
    const next = this.head < this.queue.length ? this.queue[this.head] : this.fetchedUpTo;
    if (next === undefined || (this.committed !== undefined && next <= this.committed)) return undefined;
    return next;
  }

  /** True once a commit of this tracker's progress succeeded (see {@link committedAt}). */
  get hasCommitted(): boolean {
    return this.committed !== undefined;
  }

  /** Records that `offset` was committed, so {@link committable} only reports progress past it. */
  committedAt(offset: number): void {
    this.committed = Math.max(this.committed ?? 0, offset);
  }
}
