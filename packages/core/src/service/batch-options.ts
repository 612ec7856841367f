import { nearestName } from '../config/nearest-name';
import { ConfigError } from '../errors/config-error';
import type { TaskContext } from './task-context';

/** One task given to a batch handler: the arguments the workflow passed, and the task's own context. */
export interface BatchItem<A extends readonly unknown[] = unknown[]> {
  readonly args: A;
  /** This task's context: its `taskId` (the idempotency key), `attempt`, `deadline` and `signal` are its own. */
  readonly context: TaskContext;
}

/** The outcome of one task of a batch, when the handler answers per item: its result, or its own failure. */
export type BatchItemOutcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/**
 * How a batched method collects its tasks. A batch is handed to `handler` as soon as it holds `maxMessages`
 * tasks, or `maxMs` after its first task arrived, whichever comes first; tasks with different `key`s never
 * share a batch.
 */
export interface BatchOptions<A extends readonly unknown[] = unknown[], R = unknown> {
  /** Most tasks in one batch; an integer ≥ 1. A batch never holds more than the service's `concurrency`
   *  tasks either, since each task of a batch is one delivery in flight.
   *  @default 100 */
  readonly maxMessages?: number;
  /** Longest wait for a batch to fill, in ms from its first task; a number ≥ 0 (0: what arrives in the same turn).
   *  @default 50 */
  readonly maxMs?: number;
  /** Tasks whose arguments give different keys go to different batches (one batch per tenant, per account...).
   *  A throw fails that task's attempt (retried by the policy).
   *  @default every task of the method in one batch */
  readonly key?: (...args: A) => string;
  /**
   * Runs a batch: answers one entry per item, in the items' order. An entry is the task's result, or, to fail
   * some tasks only, every entry is a {@link BatchItemOutcome} (`{ ok: true, value }` or `{ ok: false, error }`):
   * a failed item goes through the retry policy on its own. A throw, or an answer of the wrong length, fails
   * the batch as a whole: each of its tasks is then run one by one, through the method of the implementation
   * (or, when it has none, as a batch of one), with the normal retry policy.
   */
  readonly handler: (items: ReadonlyArray<BatchItem<A>>) => Promise<readonly R[] | ReadonlyArray<BatchItemOutcome<R>>>;
}

/** The `batch` section of `registerService`: a batch handler per method. */
export type BatchSection<S> = {
  readonly [K in keyof S]?: S[K] extends (...args: infer A) => infer R ? BatchOptions<A, Awaited<R>> : never;
};

/** The defaults of {@link BatchOptions}. */
export const DEFAULT_BATCH_MAX_MESSAGES = 100;
export const DEFAULT_BATCH_MAX_MS = 50;

/** A batch section checked, with its defaults filled in. */
export interface ResolvedBatch {
  readonly maxMessages: number;
  readonly maxMs: number;
  readonly key?: (...args: unknown[]) => string;
  readonly handler: (items: readonly BatchItem[]) => Promise<readonly unknown[]>;
}

/**
 * Checks the `batch` section of a `registerService` once, naming the bad field in a {@link ConfigError}:
 * each entry must name a method of the service (`methods`; a near miss is suggested) that is not delegated,
 * `maxMessages` an integer ≥ 1, `maxMs` a finite number ≥ 0, `handler` and `key` functions.
 */
export const resolveBatchSection = (
  serviceName: string, section: Readonly<Record<string, BatchOptions | undefined>> | undefined, methods: readonly string[], delegated: readonly string[],
): Readonly<Record<string, ResolvedBatch>> => {
  const resolved: Record<string, ResolvedBatch> = {};
  for (const [method, options] of Object.entries(section ?? {})) {
    if (options === undefined) continue;
    const at = `${serviceName}.batch.${method}`;
    if (!methods.includes(method)) {
      const near = nearestName(method, methods);
      throw new ConfigError(`${serviceName}.batch`, `a method of ${serviceName} (${methods.join(', ') || 'none'})`, method, near ? `did you mean ${near}?` : undefined);
    }
    if (delegated.includes(method)) throw new ConfigError(at, 'a method that is not delegated (a delegated task completes later, not from a batch)', method);
    const { maxMessages = DEFAULT_BATCH_MAX_MESSAGES, maxMs = DEFAULT_BATCH_MAX_MS, key, handler } = options;
    if (!Number.isSafeInteger(maxMessages) || maxMessages < 1) throw new ConfigError(`${at}.maxMessages`, 'an integer ≥ 1', maxMessages);
    if (typeof maxMs !== 'number' || !Number.isFinite(maxMs) || maxMs < 0) throw new ConfigError(`${at}.maxMs`, 'a finite number ≥ 0 (milliseconds)', maxMs);
    if (typeof handler !== 'function') throw new ConfigError(`${at}.handler`, 'a function (items) => Promise<results>', handler);
    if (key !== undefined && typeof key !== 'function') throw new ConfigError(`${at}.key`, 'a function (...args) => string', key);
    resolved[method] = { maxMessages, maxMs, handler: handler as ResolvedBatch['handler'], ...(key ? { key } : {}) };
  }
  return resolved;
};
