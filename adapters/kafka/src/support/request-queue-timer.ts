/**
 * kafkajs 2.2.4 (its last release) re-arms a timer in every connection's request queue after each response,
 * whether or not a request waits: `scheduleCheckPendingRequests` computes `throttledUntil - now` (negative when
 * not throttled) and calls `setTimeout` with it, whose callback schedules the next one. Every connection that
 * has had one response so wakes the process about once a millisecond for as long as it is open, with nothing
 * to do: with the adapter's dozen connections (each consumer, the producers, the admin clients) that is about
 * half of an idle worker's CPU.
 *
 * This replaces the method with one that arms the timer only when a request waits in the queue, at the end
 * of the broker's throttle or after kafkajs's own 10 ms check interval. Nothing else changes: a request that
 * cannot be sent at once is queued by `push`, which calls this method, and every response re-checks the queue.
 */
interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's interval for re-checking queued requests, in ms (`CHECK_PENDING_REQUESTS_INTERVAL`). */
export const PENDING_CHECK_MS = 10;

/** The replacement, on its own so it can be tested on a plain object. */
export function scheduleCheckPendingRequests(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const wait = Math.max(this.throttledUntil - Date.now(), PENDING_CHECK_MS);
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, wait);
}

let installed = false;

/** Installs the replacement on kafkajs's `RequestQueue` once per process; later calls do nothing. */
export const installRequestQueueTimerFix = (): void => {
  if (installed) return;
  installed = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs exports no RequestQueue type or entry
  const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueueInternals };
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
};
