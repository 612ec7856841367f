/** The longest delay `setTimeout` honours: 2^31-1 ms, 24.8 days. Node fires a longer one after 1 ms. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** What {@link setChainedTimer} needs of the platform's timers; tests pass their own. */
export interface TimerHost {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The process's own timers. */
export const nodeTimerHost: TimerHost = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Calls `fire` once at or after `at` (ms since the epoch), however far ahead: a wait longer than
 * {@link MAX_TIMEOUT_MS} is made of several, each re-reading the time, so a timer months ahead neither
 * fires at once nor drifts. The returned function cancels it, at whichever link the chain is.
 */
export const setChainedTimer = (host: TimerHost, at: number, fire: () => void): (() => void) => {
  let handle: unknown;
  const arm = (): void => {
    const wait = at - host.now();
    handle = wait > MAX_TIMEOUT_MS ? host.setTimeout(arm, MAX_TIMEOUT_MS) : host.setTimeout(fire, Math.max(0, wait));
  };
  arm();
  return () => host.clearTimeout(handle);
};
