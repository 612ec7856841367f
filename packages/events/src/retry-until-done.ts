import type { Clock, Logger } from '@cadenza/core';
import type { ListenerRetry } from './event-listener.options';
import { ListenerStoppedError } from './listener-stopped-error';

/** What {@link retryUntilDone} needs besides the work. */
export interface RetryContext {
  readonly retry: Required<ListenerRetry>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly group: string;
  /** Aborted by `stop()`: an attempt in progress finishes, then no other one starts. */
  readonly signal: AbortSignal;
}

/** A thrown value as a log line shows it: its class and message, never the event or its data. */
const describeError = (error: unknown): { name: string; message: string } =>
  error instanceof Error ? { name: error.name, message: error.message } : { name: typeof error, message: String(error) };

/** Resolves after `ms` on `clock`, or at once when `signal` aborts. */
const wait = (clock: Clock, ms: number, signal: AbortSignal): Promise<void> => new Promise((resolve) => {
  const done = () => {
    cancel();
    signal.removeEventListener('abort', done);
    resolve();
  };
  const cancel = clock.setTimer(clock.now() + ms, done);
  signal.addEventListener('abort', done);
});

/**
 * Runs a handler call until it resolves (none starts once `signal` aborted): after each throw it logs (the error's class and message, and `what`:
 * ids and types, no data) and waits a backoff that doubles from `initialDelayMs` up to `maxDelayMs`, forever.
 * @throws ListenerStoppedError once `signal` aborted and the attempt in progress did not succeed.
 */
export const retryUntilDone = async (run: () => void | Promise<void>, what: object, context: RetryContext): Promise<void> => {
  const { retry, clock, logger, signal } = context;
  let delayMs = retry.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) throw new ListenerStoppedError(context.group);
    try {
      await run();
      return;
    } catch (error) {
      if (signal.aborted) throw new ListenerStoppedError(context.group);
      logger.warn({ ...what, attempt, retryInMs: delayMs, error: describeError(error) }, 'event handler threw; retrying');
      await wait(clock, delayMs, signal);
      delayMs = Math.min(retry.maxDelayMs, delayMs * 2);
    }
  }
};
