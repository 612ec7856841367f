import { hasErrorCode } from '../errors/cadenza-error';
import { ClosedError } from '../errors/transport-error';
import type { Logger } from '../ports/logger.port';
import type { ReconnectPolicy } from './worker-options';

/** What {@link keepTrying} needs besides the attempt. */
export interface KeepTrying {
  readonly policy: Required<ReconnectPolicy>;
  readonly logger: Logger;
  /** Aborted by `stop()`: the loop ends at once with a `ClosedError`. */
  readonly signal: AbortSignal;
}

/** `user:password@` in a URL or connection string, as a log line must not show it. */
const CREDENTIALS = /\/\/[^/@\s]*@/g;

/** An error as a log line may show it: its message, credentials in URLs masked. */
export const loggableError = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(CREDENTIALS, '//***@');

/**
 * Runs `attempt` until it resolves, waiting a capped exponential backoff between failures and logging a line
 * per failed attempt. Rejects with the last error once `giveUpAfterMs` have passed since the first failure, or
 * at once for a `ConfigError` or a `ClosedError` (bad config and a closed adapter do not heal by waiting).
 */
export const keepTrying = async <T>(what: string, attempt: () => Promise<T>, { policy, logger, signal }: KeepTrying): Promise<T> => {
  let firstFailureAt: number | undefined;
  let delayMs = policy.initialDelayMs;
  for (let n = 1; ; n++) {
    if (signal.aborted) throw new ClosedError('worker');
    try {
      return await attempt();
    } catch (error) {
      if (signal.aborted) throw new ClosedError('worker');
      firstFailureAt ??= Date.now();
      const spentMs = Date.now() - firstFailureAt;
      if (hasErrorCode(error, 'CONFIG') || hasErrorCode(error, 'CLOSED') || spentMs + delayMs > policy.giveUpAfterMs) {
        logger.error({ what, attempts: n, spentMs, error: loggableError(error) }, `${what} failed; giving up`);
        throw error;
      }
      logger.warn({ what, attempt: n, retryInMs: delayMs, error: loggableError(error) }, `${what} failed; trying again`);
      await sleep(delayMs, signal);
      delayMs = Math.min(policy.maxDelayMs, delayMs * policy.backoffFactor);
    }
  }
};

const sleep = (ms: number, signal: AbortSignal): Promise<void> => new Promise((resolve) => {
  const done = () => {
    clearTimeout(timer);
    signal.removeEventListener('abort', done);
    resolve();
  };
  const timer = setTimeout(done, ms);
  signal.addEventListener('abort', done);
});
