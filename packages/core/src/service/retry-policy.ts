import type { ErrorData } from '../model/error-data';

/**
 * When and how often a failed task is tried again: exponential backoff with jitter. The defaults are
 * Infinitic's: 1 s, doubling, ±50 %, capped at 1,000 s, 11 retries (12 attempts in all).
 */
export interface RetryPolicy {
  /** Attempts in all, the first included; an integer ≥ 1.
   *  @default 12 */
  maxAttempts?: number;
  /** Wait before the second attempt, in ms.
   *  @default 1000 */
  initialDelayMs?: number;
  /** Each further wait is the previous one times this.
   *  @default 2 */
  backoffFactor?: number;
  /** No wait is longer than this before jitter, in ms (so at most `maxDelayMs × (1 + jitter)` after it).
   *  @default 1_000_000 */
  maxDelayMs?: number;
  /** Each wait is spread by ± this fraction, in [0, 1].
   *  @default 0.5 */
  jitter?: number;
  /** Error names (`error.name`) that are never retried, besides errors whose `retriable` is false.
   *  @default [] */
  nonRetriableErrors?: string[];
}

export const defaultRetryPolicy: Required<RetryPolicy> = {
  maxAttempts: 12, initialDelayMs: 1_000, backoffFactor: 2, maxDelayMs: 1_000_000, jitter: 0.5, nonRetriableErrors: [],
};

/** Checks a policy once, naming the bad field, and fills in the defaults. */
export const resolveRetryPolicy = (policy: RetryPolicy = {}, at = 'retry'): Required<RetryPolicy> => {
  const given = Object.fromEntries(Object.entries(policy).filter(([, value]) => value !== undefined)) as RetryPolicy;
  const resolved = { ...defaultRetryPolicy, ...given };
  const check = (ok: boolean, field: string, expected: string) => {
    if (!ok) throw new RangeError(`${at}.${field}: expected ${expected}, got ${JSON.stringify((resolved as Record<string, unknown>)[field])}`);
  };
  check(Number.isInteger(resolved.maxAttempts) && resolved.maxAttempts >= 1, 'maxAttempts', 'an integer ≥ 1');
  check(resolved.initialDelayMs >= 0, 'initialDelayMs', 'a number ≥ 0');
  check(resolved.backoffFactor >= 1, 'backoffFactor', 'a number ≥ 1');
  check(resolved.maxDelayMs >= resolved.initialDelayMs, 'maxDelayMs', 'a number ≥ initialDelayMs');
  check(resolved.jitter >= 0 && resolved.jitter <= 1, 'jitter', 'a number in [0, 1]');
  return resolved;
};

/** The wait before attempt `nextAttempt` (2 for the first retry), or undefined when no attempt is left. */
export const retryDelayMs = (policy: Required<RetryPolicy>, nextAttempt: number, random: () => number = Math.random): number | undefined => {
  if (nextAttempt > policy.maxAttempts) return undefined;
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.backoffFactor ** (nextAttempt - 2));
  return Math.max(0, Math.round(base * (1 + policy.jitter * (2 * random() - 1))));
};

/** Whether an error may succeed on another attempt under this policy. */
export const isRetriable = (policy: Required<RetryPolicy>, error: ErrorData): boolean =>
  error.retriable !== false && !policy.nonRetriableErrors.includes(error.name);
