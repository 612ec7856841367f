import { ConfigError } from '../errors/config-error';
import type { Names } from '../model/names';
import type { Outgoing } from './outgoing-messages';

/**
 * How an engine rechecks a blocked instance (non-determinism, an unsupported `version()`, a version of the class
 * this worker lacks): it sends itself a `RecheckWorkflow` after `initialDelayMs`, then after each wait times
 * `backoffFactor`, capped at `maxDelayMs`, for as long as the instance stays blocked. Each recheck replays the
 * instance from its history, so a worker running fixed code takes the block back and runs the workflow on, without
 * a `retry` and without any scan of the stores.
 */
export interface RecheckPolicy {
  /** Wait before the first recheck, in ms.
   *  @default 5_000 */
  readonly initialDelayMs?: number;
  /** Each further wait is the previous one times this; ≥ 1.
   *  @default 2 */
  readonly backoffFactor?: number;
  /** No wait is longer than this, in ms.
   *  @default 300_000 (5 min) */
  readonly maxDelayMs?: number;
}

/** The defaults of {@link RecheckPolicy}. */
export const DEFAULT_RECHECK: Required<RecheckPolicy> = { initialDelayMs: 5_000, backoffFactor: 2, maxDelayMs: 300_000 };

/** Fills in the defaults of a {@link RecheckPolicy}; `false` turns rechecks off. A bad field is a `ConfigError` naming it. */
export const resolveRecheckPolicy = (policy: RecheckPolicy | false = {}, at = 'worker.recheckBlocked'): Required<RecheckPolicy> | undefined => {
  if (policy === false) return undefined;
  const given = Object.fromEntries(Object.entries(policy).filter(([, value]) => value !== undefined)) as RecheckPolicy;
  const resolved = { ...DEFAULT_RECHECK, ...given };
  for (const field of ['initialDelayMs', 'maxDelayMs'] as const) {
    if (!(resolved[field] >= 0) || !Number.isFinite(resolved[field])) throw new ConfigError(`${at}.${field}`, 'a finite number ≥ 0 (ms)', resolved[field]);
  }
  if (!(resolved.backoffFactor >= 1) || !Number.isFinite(resolved.backoffFactor)) throw new ConfigError(`${at}.backoffFactor`, 'a finite number ≥ 1', resolved.backoffFactor);
  return resolved;
};

/** The wait before recheck number `attempt` (1, 2, …). */
export const recheckDelay = (policy: Required<RecheckPolicy>, attempt: number): number =>
  Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.backoffFactor ** Math.min(attempt - 1, 64));

/** Recheck number `attempt` of the block in `round` of an instance, due after its backoff from `at`; its id says which, so copies are dropped. */
export const recheckOf = (
  instance: { workflowName: string; workflowId: string; run: string }, round: number, attempt: number, at: number, causationId: string, policy: Required<RecheckPolicy>, names: Names,
): Outgoing => {
  const { workflowName, workflowId } = instance;
  const id = `${workflowId}:recheck:${round}:${attempt}${instance.run ? `@${instance.run}` : ''}`;
  return {
    topic: names.workflowTopic(workflowName), key: workflowId, deliverAt: at + recheckDelay(policy, attempt),
    envelope: { v: 1, id, at, causationId, message: { kind: 'RecheckWorkflow', workflowName, workflowId, round, attempt } },
  };
};
