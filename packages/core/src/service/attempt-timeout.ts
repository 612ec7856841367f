import { ConfigError } from '../errors/config-error';
import { isTimeoutMs, TIMEOUT_MS_EXPECTED } from '../model/step-timeout';
import type { Clock } from '../ports/clock.port';

/** The attempt timeouts of one service, checked: `methods` override `all`; none means an attempt may run for ever. */
export interface AttemptTimeouts {
  readonly all?: number;
  readonly methods: Readonly<Record<string, number | undefined>>;
}

/** No attempt timeouts (the default). */
export const NO_ATTEMPT_TIMEOUTS: AttemptTimeouts = { methods: {} };

/**
 * Checks the `timeoutMs` options of a `registerService` once, naming the bad field in a {@link ConfigError}:
 * each must be a finite number of ms > 0.
 */
export const resolveAttemptTimeouts = (
  serviceName: string, all: number | undefined, methods: Readonly<Record<string, { readonly timeoutMs?: number } | undefined>> = {},
): AttemptTimeouts => {
  const check = (value: number | undefined, at: string): number | undefined => {
    if (value !== undefined && !isTimeoutMs(value)) throw new ConfigError(at, TIMEOUT_MS_EXPECTED, value);
    return value;
  };
  return {
    ...(check(all, `${serviceName}.timeoutMs`) !== undefined ? { all } : {}),
    methods: Object.fromEntries(Object.entries(methods).map(([method, o]) => [method, check(o?.timeoutMs, `${serviceName}.methods.${method}.timeoutMs`) ?? all])),
  };
};

/** The deadline of an attempt that starts at `now`: the sooner of its own timeout and its task's end-to-end deadline. */
export const attemptDeadline = (timeouts: AttemptTimeouts, method: string, now: number, taskTimeoutAt: number | undefined): number => {
  const own = Object.hasOwn(timeouts.methods, method) ? timeouts.methods[method] : timeouts.all;
  return Math.min(own === undefined ? Infinity : now + own, taskTimeoutAt ?? Infinity);
};

/**
 * The `signal` of one attempt, aborted at its deadline. The `AbortController` is made only when the method
 * reads `signal`, so attempts that never look at it cost nothing.
 */
export class AttemptSignal {
  private controller?: AbortController;
  private reason?: Error;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: Error): void {
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

/**
 * Runs one attempt against its deadline: settles as `run` does, or, at the deadline, rejects with
 * `timedOut()` and aborts `signal`. The executor then stops waiting: a result that comes later is ignored
 * (and a late rejection handled, so it never reaches Node as unhandled).
 */
export const raceDeadline = <T>(clock: Clock, deadline: number, signal: AttemptSignal, run: () => T | Promise<T>, timedOut: () => Error): Promise<T> => {
  if (deadline === Infinity) return new Promise<T>((resolve) => resolve(run()));
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const cancel = clock.setTimer(deadline, () => {
      if (settled) return;
      settled = true;
      const error = timedOut();
      signal.abort(error);
      reject(error);
    });
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      cancel();
      settle();
    };
    let work: Promise<T>;
    try {
      work = Promise.resolve(run());
    } catch (error) {
      finish(() => reject(error));
      return;
    }
    work.then((value) => finish(() => resolve(value)), (error: unknown) => finish(() => reject(error)));
  });
};
