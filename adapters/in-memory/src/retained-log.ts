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
 * The messages one topic keeps, oldest first, in three parallel arrays with a moving head: appending and trimming
 * the oldest cost O(1) amortised on the publish path and allocate no object per message (what a retained
 * message costs the garbage collector is then its envelope alone).
 */
export class RetainedLog {
  private payloads: Array<Payload | undefined> = [];
  private keys: Array<string | undefined> = [];
  private ats: number[] = [];
  private head = 0;

  get length(): number {
    return this.ats.length - this.head;
  }

  append(payload: Payload, key: string | undefined, at: number): void {
    this.payloads.push(payload);
    this.keys.push(key);
    this.ats.push(at);
  }

  /** Drops the oldest messages until at most `maxMessages` remain and none reached the topic before `notBefore`. */
  trim(maxMessages: number, notBefore: number): void {
    const end = this.ats.length;
    while (this.head < end && (end - this.head > maxMessages || this.ats[this.head]! < notBefore)) {
      this.payloads[this.head] = undefined;
      this.keys[this.head++] = undefined;
    }
    if (this.head === end) this.clear();
    else if (this.head > 1024 && this.head * 2 > end) {
      this.payloads = this.payloads.slice(this.head);
      this.keys = this.keys.slice(this.head);
      this.ats = this.ats.slice(this.head);
      this.head = 0;
    }
  }

  /** What a new group starting at `start` reads, oldest first: all, none, or those that reached the topic at or after the time. */
  readFrom(start: StartPosition): RetainedMessage[] {
    if (start.from === 'latest') return [];
    const read: RetainedMessage[] = [];
    // A scan, not a binary search: the system clock may step back, so times are not sorted for sure.
    for (let i = this.head; i < this.ats.length; i++) {
      const at = this.ats[i]!;
      if (start.from === 'time' && at < start.time) continue;
      const key = this.keys[i];
      read.push({ payload: this.payloads[i]!, at, ...(key !== undefined ? { key } : {}) });
    }
    return read;
  }

  clear(): void {
    this.payloads = [];
    this.keys = [];
    this.ats = [];
    this.head = 0;
  }
}
