import type { StartPosition } from '@cadenza/core';
import type { Payload } from './pending-message';

/** A message as a topic keeps it for groups that come later: what was published, and when it reached the topic. */
export interface RetainedMessage {
  readonly payload: Payload;
  readonly key?: string;
  /** When it reached the topic (a delayed message: when it fell due), ms since epoch. */
  readonly at: number;
}

/**
 * The messages one topic keeps, oldest first: an array with a moving head, so appending and trimming the oldest
 * cost O(1) amortised on the publish path.
 */
export class RetainedLog {
  private items: Array<RetainedMessage | undefined> = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  append(message: RetainedMessage): void {
    this.items.push(message);
  }

  /** Drops the oldest messages until at most `maxMessages` remain and none reached the topic before `notBefore`. */
  trim(maxMessages: number, notBefore: number): void {
    while (this.head < this.items.length && (this.length > maxMessages || this.items[this.head]!.at < notBefore)) {
      this.items[this.head++] = undefined;
    }
    if (this.head === this.items.length) this.clear();
    else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** What a new group starting at `start` reads, oldest first: all, none, or those that reached the topic at or after the time. */
  readFrom(start: StartPosition): RetainedMessage[] {
    if (start.from === 'latest') return [];
    const kept = this.items.slice(this.head) as RetainedMessage[];
    // A scan, not a binary search: the system clock may step back, so times are not sorted for sure.
    return start.from === 'earliest' ? kept : kept.filter((m) => m.at >= start.time);
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
