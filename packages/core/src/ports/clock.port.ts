import { nodeTimerHost, setChainedTimer } from '../support/chained-timer';

/** Time for the engine and the in-memory transport; tests inject a manual clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fire` once at or after `at`; the returned function cancels it. */
  setTimer(at: number, fire: () => void): () => void;
}

/** The system clock. Its timers may be any distance ahead: past 24.8 days they are chained, not clamped. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (at, fire) => setChainedTimer(nodeTimerHost, at, fire),
};
