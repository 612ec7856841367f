import { ConfigError } from '../errors/config-error';
import { isTransient } from '../errors/is-transient';

/**
 * The failure policy of a subscription, as data: what a transport does when a handler rejects.
 *
 * - A **transient** rejection ({@link isTransient}: a store or broker outage, a timeout) is redelivered
 *   after a capped exponential backoff, **without limit**, and does not count toward `maxDeliveries`:
 *   an outage of any length delays a message, it never dead-letters it.
 * - Any other rejection, and a delivery that never ended (the consumer crashed), counts. At
 *   `maxDeliveries` counted deliveries the message goes to the dead letter.
 * - Bytes that are not a Cadenza envelope go to the dead letter at once.
 *
 * Every transport applies it through {@link resolveFailurePolicy} and {@link judgeRejection}, so the
 * rule is the same on each, as the transport conformance suite checks.
 */
export interface RedeliveryPolicy {
  /** Wait before the first redelivery of a rejected message, in ms; a number ≥ 0.
   *  @default 100 */
  readonly initialDelayMs?: number;
  /** No wait is longer than this, in ms; a number ≥ `initialDelayMs`.
   *  @default 30_000, or `initialDelayMs` when that is longer */
  readonly maxDelayMs?: number;
  /** Each further wait is the previous one times this; a number ≥ 1.
   *  @default 2 */
  readonly backoffFactor?: number;
}

/** The default number of counted deliveries before a message goes to the dead letter. */
export const DEFAULT_MAX_DELIVERIES = 10;
/** The default wait before the first redelivery of a rejected message, in ms. */
export const DEFAULT_REDELIVERY_DELAY_MS = 100;

/** The defaults of {@link RedeliveryPolicy}. */
export const defaultRedeliveryPolicy: Required<RedeliveryPolicy> = {
  initialDelayMs: DEFAULT_REDELIVERY_DELAY_MS, maxDelayMs: 30_000, backoffFactor: 2,
};

/** A subscription's failure policy with every default filled in. */
export interface FailurePolicy extends Required<RedeliveryPolicy> {
  readonly maxDeliveries: number;
}

/** The options {@link resolveFailurePolicy} reads (a subset of `SubscribeOptions`). */
export interface FailurePolicyOptions {
  readonly maxDeliveries?: number;
  readonly redelivery?: RedeliveryPolicy;
  readonly redeliveryDelayMs?: number;
}

/**
 * Checks the options once, naming the bad field (`<at>.redelivery.maxDelayMs`), and fills in the defaults.
 * The older `redeliveryDelayMs` stands for `redelivery.initialDelayMs` when that is not given.
 */
export const resolveFailurePolicy = (options: FailurePolicyOptions, at = 'subscribe'): FailurePolicy => {
  const given = Object.fromEntries(Object.entries(options.redelivery ?? {}).filter(([, value]) => value !== undefined)) as RedeliveryPolicy;
  const initialDelayMs = given.initialDelayMs ?? options.redeliveryDelayMs ?? defaultRedeliveryPolicy.initialDelayMs;
  const policy: FailurePolicy = {
    ...defaultRedeliveryPolicy,
    // A first wait longer than the default cap raises the cap, unless a cap is given.
    maxDelayMs: Math.max(defaultRedeliveryPolicy.maxDelayMs, initialDelayMs),
    ...given,
    initialDelayMs,
    maxDeliveries: options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES,
  };
  const check = (ok: boolean, path: string, expected: string, actual: unknown) => {
    if (!ok) throw new ConfigError(`${at}.${path}`, expected, actual);
  };
  check(Number.isInteger(policy.maxDeliveries) && policy.maxDeliveries >= 1, 'maxDeliveries', 'an integer ≥ 1', policy.maxDeliveries);
  check(policy.initialDelayMs >= 0, 'redelivery.initialDelayMs', 'a number ≥ 0', policy.initialDelayMs);
  check(policy.maxDelayMs >= policy.initialDelayMs, 'redelivery.maxDelayMs', 'a number ≥ initialDelayMs', policy.maxDelayMs);
  check(policy.backoffFactor >= 1, 'redelivery.backoffFactor', 'a number ≥ 1', policy.backoffFactor);
  return policy;
};

/** The wait before redelivering a message that has now been rejected `rejections` times (1 for the first). */
export const redeliveryDelayMs = (policy: FailurePolicy, rejections: number): number =>
  Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.backoffFactor ** Math.max(0, rejections - 1));

/** How often a message has been delivered so far, as a transport tracks it. */
export interface DeliveryRecord {
  /** Deliveries so far, the rejected one included (its `deliveryCount`). */
  readonly deliveries: number;
  /** How many of the earlier deliveries were rejected with a transient error (they do not count). */
  readonly transientRejections: number;
}

/** What to do with a rejected delivery. */
export type RejectionVerdict =
  | { readonly action: 'redeliver'; readonly delayMs: number; readonly transient: boolean }
  | { readonly action: 'dead-letter'; readonly reason: string };

/** Applies the policy to a delivery whose handler rejected with `error`. */
export const judgeRejection = (policy: FailurePolicy, error: unknown, record: DeliveryRecord): RejectionVerdict => {
  const transient = isTransient(error);
  const counted = record.deliveries - record.transientRejections;
  if (!transient && counted >= policy.maxDeliveries) {
    return { action: 'dead-letter', reason: `rejected ${counted} times (${record.deliveries} deliveries), last: ${describeError(error)}` };
  }
  return { action: 'redeliver', delayMs: redeliveryDelayMs(policy, record.deliveries), transient };
};

const describeError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
