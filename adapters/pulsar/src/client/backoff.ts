/** Exponential backoff with full jitter for reconnects: `min(maxMs, initialMs * 2^attempt)` scaled by [0.5, 1). */
export interface BackoffOptions {
  /** @default 100 */
  readonly initialMs?: number;
  /** The longest wait, so a broker back after a restart is found within a second.
   *  @default 1_000 */
  readonly maxMs?: number;
}

export const backoffDelay = (attempt: number, o: BackoffOptions = {}): number => {
  const initial = o.initialMs ?? 100;
  const max = o.maxMs ?? 1_000;
  const base = Math.min(max, initial * 2 ** Math.min(attempt, 20));
  return Math.round(base * (0.5 + Math.random() / 2));
};

/** Waits `ms`; the timer keeps the process alive, so a process whose only work is to reconnect does not exit. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
