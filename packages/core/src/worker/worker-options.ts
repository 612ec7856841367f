import { ConfigError } from '../errors/config-error';
import type { Clock } from '../ports/clock.port';
import type { HistoryStore } from '../ports/history-store.port';
import type { Logger } from '../ports/logger.port';
import type { RedeliveryPolicy } from '../ports/redelivery-policy';
import type { Transport } from '../ports/transport.port';
import type { RetryPolicy } from '../service/retry-policy';
import type { RecheckPolicy } from '../engine/recheck-policy';
import type { ReplayCheck } from '../engine/commands';
import type { BatchSection } from '../service/batch-options';

/** A worker built from adapter instances you created (tests, apps with their own container). */
export interface WorkerParts {
  readonly transport: Transport;
  readonly history: HistoryStore;
  /** @default 'cadenza' */
  readonly namespace?: string;
  /** @default the system clock */
  readonly clock?: Clock;
  /** @default pino at level `warn`, on stderr */
  readonly logger?: Logger;
  /** Live workflow instances each engine keeps in memory; 0 replays every step from history.
   *  @default 10_000 */
  readonly cacheSize?: number;
  /** Keep the history of ended workflows instead of deleting it.
   *  @default false */
  readonly retainHistory?: boolean;
  /** How long the outcome of an ended workflow is kept beside its tombstone, so that a late `result()`, a
   *  redelivered cancel or a duplicate start gets the outcome; then the sweeper removes both and the id is
   *  unknown (and may start again).
   *  @default 86_400_000 (24 h) */
  readonly outcomeRetentionMs?: number;
  /** How often the worker's sweeper removes kept outcomes and tombstones whose retention passed (in bounded
   *  batches, one sweep at a time; a store error is logged and the next period tries again).
   *  @default 60_000 */
  readonly outcomeSweepPeriodMs?: number;
  /** Workflow messages handled at once per workflow class. Steps wait mostly on the broker and the store,
   *  so this is high; one instance is always handled serially.
   *  @default 256 */
  readonly workflowConcurrency?: number;
  /** Largest task result, in bytes.
   *  @default 1_048_576 */
  readonly maxPayloadBytes?: number;
  /** Deliveries before a message goes to the dead letter; rejections with a transient error do not count.
   *  @default 10 */
  readonly maxDeliveries?: number;
  /** The backoff between redeliveries of a message whose handler rejected (a store outage, a bug).
   *  @default see {@link RedeliveryPolicy} */
  readonly redelivery?: RedeliveryPolicy;
  /** Run a dead-letter router: a dead-lettered task message (or task outcome) fails its task in the workflow
   *  with a `DeadLetteredError` cause, instead of leaving the workflow waiting for ever. Every worker of a
   *  namespace may run one; they share a group, so each dead letter is routed once.
   *  @default true */
  readonly routeDeadLetters?: boolean;
  /** How `start()` retries connecting the adapters (a broker not up yet) and how the worker re-subscribes a
   *  subscription that died on its own (`Subscription.stopped` with `'failed'`).
   *  @default see {@link ReconnectPolicy} */
  readonly reconnect?: ReconnectPolicy;
  /** Re-subscribe a subscription that died on its own; `false` makes its death fatal at once.
   *  @default true */
  readonly resubscribe?: boolean;
  /** How a blocked workflow instance is rechecked, so that a worker with fixed code runs it on without `retry`
   *  (see docs/versioning.md); `false`: never (it waits for `retry` or its next message).
   *  @default see {@link RecheckPolicy} */
  readonly recheckBlocked?: RecheckPolicy | false;
  /** What the worker publishes to the events topic `<namespace>.events`.
   *  @default see {@link EventsSettings} */
  readonly events?: EventsSettings;
}

/** The worker's part in the events a listener reads (see `@cadenza/core` `events/` and `@cadenza/events`). */
export interface EventsSettings {
  /** Each workflow step publishes the history events it appended (`WorkflowEvents`), and each failed task
   *  attempt a `TaskAttemptFailed`, to the events topic. Off, a listener sees nothing from this worker.
   *  Off by default: on the in-memory bank transfer it cost more than 5 % of the CPU (see docs/events.md).
   *  @default false */
  readonly publish?: boolean;
}

/** The default of {@link EventsSettings.publish}: measured too costly to be on for everyone. */
export const DEFAULT_PUBLISH_EVENTS = false;

/** The default of a workflow class's `static maxBufferedSignals`: signals one channel buffers before it refuses more. */
export const DEFAULT_MAX_BUFFERED_SIGNALS = 10_000;

/**
 * Capped exponential backoff for connecting and re-subscribing. Past `giveUpAfterMs` of failed attempts the
 * worker is fatal: `start()` rejects or `worker.stopped` settles with `'fatal'`, and the process should exit
 * non-zero so that its supervisor starts a new one.
 */
export interface ReconnectPolicy {
  /** Wait after the first failed attempt, in ms.
   *  @default 250 */
  readonly initialDelayMs?: number;
  /** Each further wait is the previous one times this; ≥ 1.
   *  @default 2 */
  readonly backoffFactor?: number;
  /** No wait is longer than this, in ms.
   *  @default 5_000 */
  readonly maxDelayMs?: number;
  /** How long the worker keeps trying before it gives up, in ms, from the first failed attempt.
   *  @default 300_000 */
  readonly giveUpAfterMs?: number;
}

/** The defaults of {@link ReconnectPolicy}. */
export const DEFAULT_RECONNECT: Required<ReconnectPolicy> = {
  initialDelayMs: 250, backoffFactor: 2, maxDelayMs: 5_000, giveUpAfterMs: 300_000,
};

/** Fills in the defaults of a {@link ReconnectPolicy}; a bad field is a `ConfigError` naming it. */
export const resolveReconnectPolicy = (policy: ReconnectPolicy = {}, at = 'worker.reconnect'): Required<ReconnectPolicy> => {
  const given = Object.fromEntries(Object.entries(policy).filter(([, value]) => value !== undefined)) as ReconnectPolicy;
  const resolved = { ...DEFAULT_RECONNECT, ...given };
  for (const field of ['initialDelayMs', 'maxDelayMs', 'giveUpAfterMs'] as const) {
    if (!(resolved[field] >= 0)) throw new ConfigError(`${at}.${field}`, 'a number ≥ 0', resolved[field]);
  }
  if (!(resolved.backoffFactor >= 1)) throw new ConfigError(`${at}.backoffFactor`, 'a number ≥ 1', resolved.backoffFactor);
  return resolved;
};

export interface RegisterWorkflowOptions {
  /** Messages of this workflow class handled at once (different instances; one instance is always serial).
   *  For a name with several versions, the first registration's counts.
   *  @default the worker's `workflowConcurrency` */
  readonly concurrency?: number;
  /** The version of this class (an integer ≥ 1), to run several classes of one workflow name side by side: new
   *  instances start on the newest registered version, which their `WorkflowStarted` records; a running instance
   *  replays with the class of its recorded version (a history without one is version 1). Two classes of one
   *  name need distinct versions (else `ConfigError`). See docs/versioning.md.
   *  @default 1, not recorded */
  readonly version?: number;
  /** How replay compares the commands the code produces with the recorded ones: `strict` (kind, target and
   *  arguments), `simple` (kind and target: service and method, timer, child workflow and method, channel),
   *  `none` (no check: recorded outcomes go to the code by step). See docs/versioning.md.
   *  @default 'strict' */
  readonly replayCheck?: ReplayCheck;
}

export interface RegisterServiceOptions<S> {
  /** Tasks of this service run at once (as Temporal's activity default); lower it for a service that
   *  calls something fragile.
   *  @default 100 */
  readonly concurrency?: number;
  /** Retry policy for every method. @default see {@link RetryPolicy} */
  readonly retry?: RetryPolicy;
  /** Per-method retry policies and attempt timeouts, overriding `retry` and `timeoutMs`. */
  readonly methods?: { readonly [K in keyof S]?: { readonly retry?: RetryPolicy; readonly timeoutMs?: number } };
  /**
   * How long one attempt of a method may run, in ms (a finite number > 0). Past it the attempt fails with the
   * retriable `TaskAttemptTimedOutError` and goes through the retry policy like any failure; the method's
   * `taskContext().signal` is aborted, and a result it returns later is ignored.
   * @default none: an attempt may run as long as it takes (as in Infinitic)
   */
  readonly timeoutMs?: number;
  /**
   * `argument`: every method of the implementation gets its task's context as its FIRST argument, before the
   * arguments the workflow passed (`withdraw(ctx, wireId, emitterId, amount)`), typed by
   * `ServiceImplementationWithContext<S>`: valid for the whole task, after any `await`, at no cost (no
   * AsyncLocalStorage). First rather than last, so an optional parameter the workflow left out never takes
   * its place. `taskContext()` keeps working in the synchronous part either way.
   * @default the methods get only their arguments; `taskContext()` gives the context before the first `await`
   */
  readonly context?: 'argument';
  /**
   * Methods whose tasks are run in batches, each by a batch handler called once per batch: see
   * `BatchOptions` and docs/task-batching.md. A name that is not a method of the service, a delegated
   * method or a bad bound is a `ConfigError` at `registerService`.
   * @default none: every task runs alone
   */
  readonly batch?: BatchSection<S>;
}

/** The default of {@link RegisterServiceOptions.concurrency}. */
export const DEFAULT_SERVICE_CONCURRENCY = 100;

/** Defaults of the retention of ended workflows' outcomes (see {@link WorkerParts}). */
export const DEFAULT_OUTCOME_RETENTION_MS = 86_400_000;
export const DEFAULT_OUTCOME_SWEEP_PERIOD_MS = 60_000;

/** The retention and sweep period with their defaults; throws {@link ConfigError} for a value that is not a whole number of ms in range. */
export const resolveOutcomeRetention = (settings: Pick<WorkerParts, 'outcomeRetentionMs' | 'outcomeSweepPeriodMs'>): { retentionMs: number; sweepPeriodMs: number } => {
  const retentionMs = settings.outcomeRetentionMs ?? DEFAULT_OUTCOME_RETENTION_MS;
  const sweepPeriodMs = settings.outcomeSweepPeriodMs ?? DEFAULT_OUTCOME_SWEEP_PERIOD_MS;
  if (!Number.isSafeInteger(retentionMs) || retentionMs < 0) throw new ConfigError('outcomeRetentionMs', 'an integer ≥ 0 (milliseconds)', retentionMs);
  if (!Number.isSafeInteger(sweepPeriodMs) || sweepPeriodMs < 1) throw new ConfigError('outcomeSweepPeriodMs', 'an integer ≥ 1 (milliseconds)', sweepPeriodMs);
  return { retentionMs, sweepPeriodMs };
};
