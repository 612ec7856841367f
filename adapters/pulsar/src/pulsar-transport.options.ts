/** `transport: { type: pulsar, ... }`: the io-ts codec, its defaults and the one function that checks it. */
import { CONFIG_BOUNDS, ConfigError, decodeConfig, isPort } from '@cadenza/core';
import * as t from 'io-ts';
import { DEFAULT_MAX_MESSAGE_BYTES, FRAME_HEADROOM_BYTES } from './client/framing/frame';
import { parseServiceUrl } from './client/service-url';
import { loadTls, type PulsarTlsOptions } from './client/tls-options';

export const PulsarTransportOptions = t.intersection([
  t.type({ type: t.literal('pulsar'), serviceUrl: t.string }),
  t.partial({
    tenant: t.string,
    namespace: t.string,
    operationTimeoutMs: t.number,
    connectTimeoutMs: t.number,
    keepAliveIntervalMs: t.number,
    receiverQueueSize: t.number,
    maxPendingMessages: t.number,
    batchingMaxMessages: t.number,
    delayPrecisionMs: t.number,
    maxMessageBytes: t.number,
    token: t.string,
    tls: t.partial({ ca: t.string, cert: t.string, key: t.string, servername: t.string, rejectUnauthorized: t.boolean }),
    adminUrl: t.string,
    retention: t.partial({
      sizeMb: t.number, timeMinutes: t.number, scope: t.union([t.literal('topic'), t.literal('namespace'), t.literal('none')]),
    }),
  }),
], 'PulsarTransportOptions');
export type PulsarTransportOptions = t.TypeOf<typeof PulsarTransportOptions>;

/** Options with every default filled in. */
export interface ResolvedPulsarOptions {
  readonly type: 'pulsar';
  /** `pulsar://host:port` of any broker, or `pulsar+ssl://host:port` (port 6651 when absent) for TLS. */
  readonly serviceUrl: string;
  /** Tenant of every topic name. @default 'public' */
  readonly tenant: string;
  /** Namespace of every topic name. @default 'default' */
  readonly namespace: string;
  /** Bound on connecting, creating producers and consumers, and each publish, in ms. @default 30_000 */
  readonly operationTimeoutMs: number;
  /** Bound on TCP connect plus handshake, in ms. @default 10_000 */
  readonly connectTimeoutMs: number;
  /** Keep-alive ping interval, in ms. @default 30_000 */
  readonly keepAliveIntervalMs: number;
  /** Messages the broker may push to a consumer ahead of acknowledgements. @default 1000 */
  readonly receiverQueueSize: number;
  /** Publishes awaiting a receipt per topic before `publish` waits. @default 1000 */
  readonly maxPendingMessages: number;
  /** Publishes to one topic (same key, no `deliverAt`) combined into one broker entry, sent at the end of the
   *  event-loop turn; 1 turns batching off. A redelivery then covers the whole entry, so batching trades
   *  more duplicate deliveries for throughput. @default 1 */
  readonly batchingMaxMessages: number;
  /** A token (JWT) for brokers with token authentication. @default none */
  readonly token?: string;
  /**
   * TLS for a `pulsar+ssl://` serviceUrl (refused with `pulsar://`): `ca` (PEM text or a file path; @default Node's
   * root CAs), `cert` and `key` for a client certificate (@default none), `servername` (@default the broker's
   * host), `rejectUnauthorized` (@default true, see `tlsDefaults`). Files are read, and checked, at start-up.
   * @default none: `pulsar+ssl://` alone verifies the broker against Node's root CAs
   */
  readonly tls?: PulsarTlsOptions;
  /** Declared lateness of delayed messages under light load, in ms (broker tick 100 ms plus the forwarder hop). @default 1000 */
  readonly delayPrecisionMs: number;
  /**
   * The largest message the transport publishes, in bytes (a larger one is refused with PayloadTooLargeError; a dead
   * letter is fitted to it). The broker's `maxMessageSize` must leave 16 KiB above it for the frame's command and
   * metadata: the first publish or subscribe checks that against what the broker says in CONNECTED and, if not,
   * rejects with a ConfigError naming `transport.maxMessageBytes`, this value and the broker's limit.
   * @default 5_226_496 (Pulsar's default maxMessageSize of 5 MiB less 16 KiB)
   */
  readonly maxMessageBytes: number;
  /**
   * The broker's admin REST API (its web service), used to set the events topics' retention and to start a new
   * group at a `{ time }`; it gets the same `token`, and for `https://` the same `tls`.
   * @default `http://<serviceUrl host>:8080`, or `https://<host>:8443` for a `pulsar+ssl://` serviceUrl
   */
  readonly adminUrl: string;
  /** How long the events topics (`<namespace>.events`) keep acknowledged messages for late listeners; see
   *  {@link PulsarEventsRetention}. */
  readonly retention: PulsarEventsRetention;
}

/**
 * Retention of the events topics. Pulsar deletes what every subscription has acknowledged once its ledger is
 * closed, so a listener that subscribes later, at `earliest`, finds only what a retention policy kept. The
 * transport sets it through `adminUrl` the first time it publishes or subscribes to an events topic; a refusal
 * is logged as a warning and changes nothing else. What it costs is disk: up to `sizeMb` per events topic (per
 * partition of a partitioned one), times the bookies' write quorum.
 */
export interface PulsarEventsRetention {
  /** Acknowledged data kept, in MB; -1 for no limit. @default 1024 */
  readonly sizeMb: number;
  /** How long acknowledged data is kept, in minutes; -1 for no limit. @default 10_080 (7 days) */
  readonly timeMinutes: number;
  /**
   * `'topic'`: a topic-level policy on each events topic (needs the broker's `topicLevelPoliciesEnabled`, on by
   * default in Pulsar 4); `'namespace'`: the policy of the whole Pulsar namespace (`tenant/namespace`), which every
   * topic in it then keeps, the workflow and service topics too; `'none'`: the transport sets nothing (the operator
   * does).
   * @default 'topic' */
  readonly scope: 'topic' | 'namespace' | 'none';
}

/** The defaults of {@link PulsarEventsRetention}. */
export const pulsarRetentionDefaults: PulsarEventsRetention = { sizeMb: 1024, timeMinutes: 7 * 24 * 60, scope: 'topic' };

/**
 * How setting an events retention policy is tried again after a 404 (the first publish creates the topic while the
 * policy is on its way), a 5xx or no answer: `attempts` in all, waiting `firstDelayMs`, doubled each time up to
 * `maxDelayMs`. Refusals (405, 401, 403, …) are not tried again.
 */
export interface PulsarRetentionRetry {
  readonly attempts: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

/** The defaults of {@link PulsarRetentionRetry}: 5 attempts over about 7.5 s. */
export const pulsarRetentionRetryDefaults: PulsarRetentionRetry = { attempts: 5, firstDelayMs: 500, maxDelayMs: 4_000 };

export const pulsarDefaults = {
  tenant: 'public',
  namespace: 'default',
  operationTimeoutMs: 30_000,
  connectTimeoutMs: 10_000,
  keepAliveIntervalMs: 30_000,
  receiverQueueSize: 1000,
  maxPendingMessages: 1000,
  batchingMaxMessages: 1,
  delayPrecisionMs: 1000,
  maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES - FRAME_HEADROOM_BYTES,
} as const;

/** `adminUrl` is an http(s) URL of one host; retention values are -1 or integers ≥ 0. */
const checkAdmin = (o: ResolvedPulsarOptions, at: string): void => {
  let url: URL | undefined;
  try {
    url = new URL(o.adminUrl);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.username !== '' || url.password !== '' || url.search !== '') {
    throw new ConfigError(`${at}.adminUrl`, 'http://host[:port] or https://host[:port], no credentials or query', o.adminUrl.replace(/\/\/[^@/]*@/, '//***@'));
  }
  if (o.token !== undefined && url.protocol === 'http:' && o.serviceUrl.startsWith('pulsar+ssl:')) {
    throw new ConfigError(`${at}.adminUrl`, 'https://… when serviceUrl is pulsar+ssl:// and a token is set (it would go in clear)', o.adminUrl);
  }
  for (const field of ['sizeMb', 'timeMinutes'] as const) {
    const value = o.retention[field];
    if (!Number.isInteger(value) || value < -1 || value > CONFIG_BOUNDS.maxBytes) {
      throw new ConfigError(`${at}.retention.${field}`, `-1 (no limit) or an integer from 0 to ${CONFIG_BOUNDS.maxBytes}`, value);
    }
  }
};

/** The largest `maxMessageBytes`: Pulsar's `max_message_size` is an int32, which must also hold the headroom. */
const MOST_MESSAGE_BYTES = 2 ** 31 - 1 - FRAME_HEADROOM_BYTES;

/** What `tls` gets when given without them. */
export const tlsDefaults = {
  /** A broker whose certificate does not verify, or does not name it, is refused. @default true */
  rejectUnauthorized: true,
} as const;

const NAME = /^[A-Za-z0-9._-]+$/;

/** The numeric options and their upper bounds (core's `CONFIG_BOUNDS`: a timeout at most a day, a count ten million). */
const BOUNDED = [
  ['operationTimeoutMs', CONFIG_BOUNDS.maxTimeoutMs], ['connectTimeoutMs', CONFIG_BOUNDS.maxTimeoutMs],
  ['keepAliveIntervalMs', CONFIG_BOUNDS.maxTimeoutMs], ['delayPrecisionMs', CONFIG_BOUNDS.maxTimeoutMs],
  ['receiverQueueSize', CONFIG_BOUNDS.maxCount], ['maxPendingMessages', CONFIG_BOUNDS.maxCount], ['batchingMaxMessages', CONFIG_BOUNDS.maxCount],
  ['maxMessageBytes', MOST_MESSAGE_BYTES],
] as const;

/** Decodes raw config and fills defaults; throws ConfigError naming the field (`<at>.serviceUrl`, ...). */
export const resolvePulsarOptions = (raw: unknown, at = 'transport'): ResolvedPulsarOptions => {
  const decoded = decodeConfig(PulsarTransportOptions, raw, at);
  const service = parseServiceUrl(decoded.serviceUrl, `${at}.serviceUrl`);
  const o: ResolvedPulsarOptions = {
    ...pulsarDefaults, adminUrl: service.tls ? `https://${service.host}:8443` : `http://${service.host}:8080`, ...decoded,
    ...(decoded.tls === undefined ? {} : { tls: { ...tlsDefaults, ...decoded.tls } }),
    retention: { ...pulsarRetentionDefaults, ...decoded.retention },
  };
  checkAdmin(o, at);
  if (!isPort(service.port)) throw new ConfigError(`${at}.serviceUrl`, 'pulsar://host[:port] or pulsar+ssl://host[:port] with a port of 1 to 65535', o.serviceUrl);
  if (o.tls !== undefined) {
    // TLS options with a plaintext URL would connect without TLS, and send the token in clear.
    if (!service.tls) throw new ConfigError(`${at}.serviceUrl`, 'pulsar+ssl://host[:port] when tls is set', o.serviceUrl);
    loadTls(o.tls, `${at}.tls`);
  }
  for (const field of ['tenant', 'namespace'] as const) {
    if (!NAME.test(o[field])) throw new ConfigError(`${at}.${field}`, 'a name of [A-Za-z0-9._-]', o[field]);
  }
  for (const [field, most] of BOUNDED) {
    if (!Number.isInteger(o[field]) || o[field] < 1) throw new ConfigError(`${at}.${field}`, 'an integer ≥ 1', o[field]);
    if (o[field] > most) throw new ConfigError(`${at}.${field}`, `at most ${most}`, o[field]);
  }
  return o;
};
