import * as t from 'io-ts';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors/config-error';
import { decodeConfig } from './decode-config';
import { checkSigningConfig, SigningConfig } from './signing-config';

/** An adapter's section: its `type` picks the adapter, the rest is the adapter's own options. */
export const AdapterConfig = t.intersection([t.type({ type: t.string }), t.record(t.string, t.unknown)], 'AdapterConfig');

const PositiveInteger = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'PositiveInteger');
const NonNegativeInteger = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'NonNegativeInteger');
const NonNegativeNumber = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'NonNegativeNumber');
const Factor = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 1, 'NumberAtLeast1');
/** See `RedeliveryPolicy` (ports/redelivery-policy.ts), where the defaults are documented. */
const RedeliveryConfig = t.partial({ initialDelayMs: NonNegativeNumber, maxDelayMs: NonNegativeNumber, backoffFactor: Factor }, 'RedeliveryConfig');
/** See `ReconnectPolicy` (worker/worker-options.ts), where the defaults are documented. */
const ReconnectConfig = t.partial({
  initialDelayMs: NonNegativeNumber, maxDelayMs: NonNegativeNumber, backoffFactor: Factor, giveUpAfterMs: NonNegativeNumber,
}, 'ReconnectConfig');

/** See `RecheckPolicy` (engine/recheck-policy.ts), where the defaults are documented; `false` turns rechecks off. */
const RecheckConfig = t.union([t.partial({ initialDelayMs: NonNegativeNumber, maxDelayMs: NonNegativeNumber, backoffFactor: Factor }, 'RecheckPolicy'), t.literal(false)], 'RecheckConfig');

/** See `EventsSettings` (worker/worker-options.ts), where the default is documented. */
const EventsConfig = t.partial({ publish: t.boolean }, 'EventsConfig');

/**
 * The one configuration a worker or client reads (from YAML or an object):
 * ```yaml
 * namespace: cadenza
 * transport: { type: kafka, brokers: ["127.0.0.1:9092"] }   # in-memory (default) | kafka | pulsar
 * history:   { type: postgres, connectionString: "postgres://127.0.0.1/test" } # in-memory (default) | eventstoredb
 * ```
 */
export const CadenzaConfig = t.partial({
  /** Prefix of every topic; keeps deployments apart on one broker. @default 'cadenza' */
  namespace: t.refinement(t.string, (s) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(s), 'Namespace'),
  /** @default { type: 'in-memory' } */
  transport: AdapterConfig,
  /** @default { type: 'in-memory' } */
  history: AdapterConfig,
  /** pino level. @default 'warn' */
  logLevel: t.keyof({ fatal: null, error: null, warn: null, info: null, debug: null, trace: null, silent: null }),
  /** Live workflow instances each engine keeps in memory. @default 10_000 */
  cacheSize: NonNegativeInteger,
  /** Keep the history of ended workflows (for audit) instead of deleting it. @default false */
  retainHistory: t.boolean,
  /** How long an ended workflow's outcome is kept beside its tombstone, then swept. @default 86_400_000 (24 h) */
  outcomeRetentionMs: NonNegativeInteger,
  /** How often a worker sweeps outcomes and tombstones whose retention passed. @default 60_000 */
  outcomeSweepPeriodMs: PositiveInteger,
  /** Workflow messages handled at once per workflow class (one instance is always handled serially). @default 256 */
  workflowConcurrency: PositiveInteger,
  /** Largest arguments or result, in bytes. @default 1_048_576 */
  maxPayloadBytes: PositiveInteger,
  /** Deliveries before a message goes to the dead letter. @default 10 */
  maxDeliveries: PositiveInteger,
  /** Backoff between redeliveries of a rejected message. @default { initialDelayMs: 100, maxDelayMs: 30_000, backoffFactor: 2 } */
  redelivery: RedeliveryConfig,
  /** Fail the task of a dead-lettered task message in its workflow (see `WorkerParts.routeDeadLetters`). @default true */
  routeDeadLetters: t.boolean,
  /** How a worker retries connecting at start and re-subscribes a subscription that died. @default { initialDelayMs: 250, backoffFactor: 2, maxDelayMs: 5_000, giveUpAfterMs: 300_000 } */
  reconnect: ReconnectConfig,
  /** Re-subscribe a subscription that died on its own; `false` makes the worker fatal at once. @default true */
  resubscribe: t.boolean,
  /** How a blocked workflow instance is rechecked, so that fixed code runs it on (docs/versioning.md). @default { initialDelayMs: 5_000, backoffFactor: 2, maxDelayMs: 300_000 } */
  recheckBlocked: RecheckConfig,
  /** Sign every envelope sent and refuse every one received unsigned or badly signed (see `signing/`). @default off */
  signing: SigningConfig,
  /** What workers publish to the events topic (see `EventsSettings`, worker/worker-options.ts). @default { publish: false } */
  events: EventsConfig,
}, 'CadenzaConfig');
export type CadenzaConfig = t.TypeOf<typeof CadenzaConfig>;

/** Checks a config object; throws `ConfigError` naming the first bad field. */
export const resolveConfig = (raw: unknown): CadenzaConfig => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError('config', 'an object', raw);
  const config = decodeConfig(CadenzaConfig, raw, 'config');
  if (config.signing) checkSigningConfig(config.signing, 'config.signing');
  return config;
};

/** Parses YAML text into a checked config. */
export const parseConfig = (yamlText: string): CadenzaConfig => {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (error) {
    throw new ConfigError('config', 'valid YAML', (error as Error).message.split('\n')[0]);
  }
  return resolveConfig(raw ?? {});
};
