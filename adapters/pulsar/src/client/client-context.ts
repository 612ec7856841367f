/** What producers and consumers share with the client that made them. */
import { type Logger, TransportError } from '@cadenza/core';
import { backoffDelay, sleep } from './backoff';
import type { Connection } from './connection';
import type { ConnectionPool } from './connection-pool';
import type { LookupService } from './lookup-service';

export interface ClientContext {
  readonly pool: ConnectionPool;
  readonly lookup: LookupService;
  readonly operationTimeoutMs: number;
  readonly serviceUrl: string;
  readonly logger?: Logger;
  nextId(): number;
}

/** Looks a (non-partitioned, or partition) topic up and returns the connection to the broker that owns it. */
export const connectionFor = async (ctx: ClientContext, topic: string): Promise<Connection> => {
  const { physical } = await ctx.lookup.lookup(topic);
  return ctx.pool.get(physical);
};

const isRetriable = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;

/** How often a retry that keeps failing says so, in ms. */
const PROGRESS_EVERY_MS = 5_000;

/**
 * Runs `attempt` until it succeeds, a non-retriable error is thrown, or `timeoutMs` has passed; then throws a
 * TransportError naming `what`, the last cause and how long it tried. While it retries it logs a progress line
 * (warn) every 5 s, with `what`, the attempts, the time spent and the last cause (never a token).
 */
export const retryWithin = async <T>(what: string, o: { readonly timeoutMs: number; readonly logger?: Logger | undefined }, attempt: () => Promise<T>): Promise<T> => {
  const started = Date.now();
  let reported = started;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const elapsed = Date.now() - started;
      if (!isRetriable(error)) throw error;
      const wait = backoffDelay(n);
      if (elapsed + wait >= o.timeoutMs) {
        throw new TransportError(`${what} failed after ${n + 1} attempts in ${elapsed} ms: ${(error as Error).message}`, true, { cause: error });
      }
      if (Date.now() - reported >= PROGRESS_EVERY_MS) {
        reported = Date.now();
        o.logger?.warn({ attempts: n + 1, elapsedMs: elapsed, timeoutMs: o.timeoutMs, error: (error as Error).message }, `${what}: still trying`);
      }
      await sleep(wait);
    }
  }
};
