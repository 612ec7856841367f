import { InvalidArgumentsError } from '../errors/invalid-arguments-error';
import { isTimeoutMs, TIMEOUT_MS_EXPECTED } from '../model/step-timeout';
import { renderValue } from '../model/validation-report';

/** Options of a service stub (`this.newService(S, options)`): they apply to every call made through it. */
export interface ServiceStubOptions {
  /**
   * End-to-end timeout of each task called through this stub, in ms from the call: all attempts and their
   * retry delays included. When it passes first, the task's `await` throws `TaskTimedOutError` and the task is
   * abandoned (its late outcome is ignored; no attempt starts after the deadline). Recorded in history with
   * the task. Make a second stub for calls that need another timeout.
   * @default none: a task waits as long as its retry policy keeps trying
   */
  readonly timeoutMs?: number;
}

/** @internal Checks a step's `timeoutMs` where the code gives it; a bad one is an `InvalidArgumentsError` naming `target`. */
export const checkStepTimeout = (timeoutMs: number | undefined, target: string): number | undefined => {
  if (timeoutMs === undefined || isTimeoutMs(timeoutMs)) return timeoutMs;
  const got = typeof timeoutMs === 'number' ? String(timeoutMs) : renderValue(timeoutMs);
  throw new InvalidArgumentsError(target, [`timeoutMs: expected ${TIMEOUT_MS_EXPECTED}, got ${got}`]);
};
