/** Time for the engine and the in-memory transport; tests inject a manual clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fire` once at or after `at`; the returned function cancels it. */
  setTimer(at: number, fire: () => void): () => void;
}

/** Node clamps longer `setTimeout` delays to 1 ms: a timer 25 days out would fire at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** What a real clock is made of; injectable so its timer rules can be tested without waiting. */
export interface TimerHost {
  now(): number;
  setTimeout(fire: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * A clock on real timers that keeps the port's promise: never before `at` (timers may wake a millisecond
 * early against `Date.now()`, so each wake checks and re-arms), and any distance ahead (long waits are
 * chained in steps Node can hold).
 */
export const createTimerClock = (host: TimerHost): Clock => ({
  now: () => host.now(),
  setTimer: (at, fire) => {
    let handle: unknown;
    let canceled = false;
    const wait = () => {
      handle = host.setTimeout(() => {
        if (canceled) return;
        if (host.now() >= at) fire();
        else wait();
      }, Math.min(Math.max(0, at - host.now()), MAX_TIMEOUT_MS));
    };
    wait();
    return () => {
      canceled = true;
      host.clearTimeout(handle);
    };
  },
});

/** The system clock. */
export const systemClock: Clock = createTimerClock({
  now: () => Date.now(),
  setTimeout: (fire, ms) => setTimeout(fire, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
});
