import { ByteSize, ConfigError, Count, decodeConfig, HostPort, TimeoutMs } from '@cadenza/core';
import * as t from 'io-ts';
import { type KafkaTls, type KafkaTlsInput, resolveKafkaTls } from './security/kafka-tls';

export type { KafkaTls, KafkaTlsInput } from './security/kafka-tls';

const PositiveInt = t.refinement(t.Integer, (n) => n >= 1, 'integer ≥ 1');
const NonEmptyString = t.refinement(t.string, (s) => s.length > 0, 'non-empty string');

/**
 * `transport.ssl` as an object: `ca`, `cert` and `key` are PEM text or the path of a PEM file; unknown fields
 * are refused. See {@link KafkaTlsInput}.
 */
export const KafkaTlsOptions = t.partial(
  {
    ca: NonEmptyString,
    cert: NonEmptyString,
    key: NonEmptyString,
    servername: NonEmptyString,
    rejectUnauthorized: t.boolean,
  },
  'KafkaTlsOptions',
);

/** SASL credentials, passed to kafkajs as they are. */
export const KafkaSaslOptions = t.type(
  {
    mechanism: t.union([t.literal('plain'), t.literal('scram-sha-256'), t.literal('scram-sha-512')]),
    username: t.string,
    password: t.string,
  },
  'KafkaSaslOptions',
);

/**
 * `transport: { type: kafka, ... }`. Every field but `type` and `brokers` is optional; the defaults are in
 * {@link KafkaTransportOptions}. Values are checked: each broker is `host:port` with a port of 1 to 65535,
 * timeouts are 1 ms to one day, counts 1 to ten million, `maxMessageBytes` 1 to 2 GiB - 1 (and, at connect, at most
 * the broker's `message.max.bytes` less {@link KAFKA_RECORD_OVERHEAD_BYTES}).
 */
export const KafkaTransportConfig = t.intersection(
  [
    t.type({ type: t.literal('kafka'), brokers: t.array(HostPort) }),
    t.partial({
      clientId: NonEmptyString,
      partitions: Count,
      replicationFactor: PositiveInt,
      connectionTimeoutMs: TimeoutMs,
      requestTimeoutMs: TimeoutMs,
      operationTimeoutMs: TimeoutMs,
      sessionTimeoutMs: TimeoutMs,
      heartbeatIntervalMs: TimeoutMs,
      rebalanceTimeoutMs: TimeoutMs,
      fetchMaxWaitMs: TimeoutMs,
      commitIntervalMs: t.union([t.literal(0), TimeoutMs]),
      maxBufferedMessages: Count,
      maxHeldDelayedMessages: Count,
      maxMessageBytes: ByteSize,
      delayTopicPrefix: NonEmptyString,
      delayForwarderGroup: NonEmptyString,
      runDelayForwarder: t.boolean,
      groupInstanceId: NonEmptyString,
      // The object first: a bad field inside it is then the error reported, not "expected boolean".
      ssl: t.union([KafkaTlsOptions, t.boolean]),
      sasl: KafkaSaslOptions,
    }),
  ],
  'KafkaTransportConfig',
);
export type KafkaTransportConfig = t.TypeOf<typeof KafkaTransportConfig>;

/** What {@link createKafkaTransport} takes: the options, `brokers` required, `ssl` as in config. */
export type KafkaTransportInput = Partial<Omit<KafkaTransportOptions, 'ssl'>> & Pick<KafkaTransportOptions, 'brokers'> & {
  readonly ssl?: boolean | KafkaTlsInput;
};

/** Options of {@link createKafkaTransport}, with their defaults. */
export interface KafkaTransportOptions {
  readonly type: 'kafka';
  /** Bootstrap brokers, `host:port` (port 1 to 65535; IPv6 as `[::1]:9092`). */
  readonly brokers: readonly string[];
  /** Client id sent to the broker (shows in broker logs and quotas).
   *  @default 'cadenza' */
  readonly clientId: string;
  /** Partitions of each topic the adapter creates; bounds the parallelism of a group across processes.
   *  @default 8 */
  readonly partitions: number;
  /** Replicas of each topic the adapter creates.
   *  @default 1 */
  readonly replicationFactor: number;
  /** TCP connect timeout per broker connection, in ms.
   *  @default 3000 */
  readonly connectionTimeoutMs: number;
  /** Timeout of one Kafka request, in ms.
   *  @default 30000 */
  readonly requestTimeoutMs: number;
  /** Bound on a whole operation (connect, publish, subscribe) with its retries; past it a `TimeoutError`.
   *  @default 30000 */
  readonly operationTimeoutMs: number;
  /** Consumer session timeout, in ms: how long a silent consumer keeps its partitions.
   *  @default 10000 */
  readonly sessionTimeoutMs: number;
  /** Consumer heartbeat interval, in ms.
   *  @default 1000 */
  readonly heartbeatIntervalMs: number;
  /** Longest the group coordinator waits for members to rejoin during a rebalance, in ms. A member that died
   *  mid-rebalance holds its group up to this long; members here never delay their own rejoin.
   *  @default 20000 */
  readonly rebalanceTimeoutMs: number;
  /** Longest a fetch waits for data, in ms; also how soon an idle consumer notices a rebalance.
   *  @default 500 */
  readonly fetchMaxWaitMs: number;
  /** Longest a finished record's offset waits before it is committed, in ms, so the records finished meanwhile
   *  share one commit; 0 commits each at once (one commit in flight per subscription either way). A crash
   *  redelivers what finished in the last interval (at-least-once; envelope ids let receivers drop them); a
   *  rebalance or `close()` commits at once, and so does the first commit of a partition after an assignment
   *  (the one that moves past a record whose deliveries are counted).
   *  @default 100 */
  readonly commitIntervalMs: number;
  /** Messages a subscription holds (queued or running) before it pauses fetching.
   *  @default 1000 */
  readonly maxBufferedMessages: number;
  /** Delayed messages the forwarder holds in memory before it pauses fetching delay topics.
   *  @default 100000 */
  readonly maxHeldDelayedMessages: number;
  /** Largest encoded envelope accepted by `publish`, in bytes. At connect it is checked against the broker's
   *  `message.max.bytes` (default 1048588) less {@link KAFKA_RECORD_OVERHEAD_BYTES}: a larger value is a
   *  `ConfigError` naming this field and the broker's limit.
   *  @default 1000000 */
  readonly maxMessageBytes: number;
  /** Prefix of the delay-bucket topics that hold messages published with `deliverAt` (`<prefix>.s|m|h|d`);
   *  records a forwarder cannot forward go to `<prefix>.dead-letter`.
   *  @default `<namespace>.delay` from config (`cadenza.delay` when built in code without a namespace) */
  readonly delayTopicPrefix: string;
  /** Consumer group of the delay forwarders; every transport with the same prefix should share it.
   *  @default `<namespace>.delay-forwarder` from config (`cadenza.delay-forwarder` without a namespace) */
  readonly delayForwarderGroup: string;
  /** Run a delay forwarder in this process (started by the first subscribe or delayed publish).
   *  @default true */
  readonly runDelayForwarder: boolean;
  /** Static group membership (KIP-345): this process's consumers join every group under this name, so a
   *  restarted process (same name) takes its partitions back at once instead of after `sessionTimeoutMs` and two
   *  rebalances. Give each process its own stable name (e.g. `<service>-<replica index>`): a second live
   *  process with the same name fences the first, whose subscriptions then stop with `'failed'`.
   *  @default undefined (dynamic membership) */
  readonly groupInstanceId?: string;
  /** TLS to every broker, checked and with its files read (see {@link KafkaTls}). In config: `true` (Node's
   *  bundled CAs), or `{ ca?, cert?, key?, servername?, rejectUnauthorized? }` with `ca`, `cert`, `key` as PEM
   *  text or file paths; `rejectUnauthorized` defaults to `true`. A broker certificate that does not verify fails
   *  the connection with a `ConfigError` naming `transport.ssl.ca`.
   *  @default undefined (plaintext) */
  readonly ssl?: KafkaTls;
  /** SASL credentials (`plain`, `scram-sha-256`, `scram-sha-512`), passed to kafkajs; use them with `ssl`, or the
   *  password crosses the network readable (`plain`). Credentials the broker refuses fail the connection with a
   *  `ConfigError` naming `transport.sasl`, without retrying; the password is never in an error or a log line.
   *  @default undefined (no authentication) */
  readonly sasl?: t.TypeOf<typeof KafkaSaslOptions>;
}

/** Room kept in a broker's `message.max.bytes` for what a record carries besides its value: batch and record
 *  framing, the key and the dead-letter headers (a reason of up to 1,000 characters and the original topic). */
export const KAFKA_RECORD_OVERHEAD_BYTES = 4_096;

/** The defaults of every optional field of {@link KafkaTransportOptions}. */
export const KAFKA_DEFAULTS = {
  clientId: 'cadenza',
  partitions: 8,
  replicationFactor: 1,
  connectionTimeoutMs: 3_000,
  requestTimeoutMs: 30_000,
  operationTimeoutMs: 30_000,
  sessionTimeoutMs: 10_000,
  heartbeatIntervalMs: 1_000,
  rebalanceTimeoutMs: 20_000,
  fetchMaxWaitMs: 500,
  commitIntervalMs: 100,
  maxBufferedMessages: 1_000,
  maxHeldDelayedMessages: 100_000,
  maxMessageBytes: 1_000_000,
  delayTopicPrefix: 'cadenza.delay',
  delayForwarderGroup: 'cadenza.delay-forwarder',
  runDelayForwarder: true,
} as const;

/**
 * Validates raw options (from config or code) and fills in defaults; throws a `ConfigError` naming the
 * field, e.g. `invalid config at transport.brokers.0: expected host:port (port 1 to 65535), got 9092`. With a
 * `namespace` (the config's, which `kafkaModule` passes), `delayTopicPrefix` and `delayForwarderGroup` default to
 * `<namespace>.delay` and `<namespace>.delay-forwarder`, so each namespace has its own delay topics and forwarders.
 */
export const resolveKafkaOptions = (raw: unknown, at = 'transport', namespace?: string): KafkaTransportOptions => {
  const config = decodeConfig(KafkaTransportConfig, raw, at);
  if (config.brokers.length === 0) throw new ConfigError(`${at}.brokers`, 'at least one broker', config.brokers);
  const { ssl, ...rest } = config;
  const tls = resolveKafkaTls(ssl, `${at}.ssl`);
  const options: KafkaTransportOptions = {
    ...KAFKA_DEFAULTS, ...(namespace !== undefined ? namespaceDefaults(namespace) : {}), ...stripUndefined(rest), ...(tls !== undefined ? { ssl: tls } : {}),
  };
  if (options.heartbeatIntervalMs >= options.sessionTimeoutMs) {
    throw new ConfigError(`${at}.heartbeatIntervalMs`, `less than sessionTimeoutMs (${options.sessionTimeoutMs})`,
      options.heartbeatIntervalMs);
  }
  return options;
};

/** The delay topics and forwarder group of a namespace; `cadenza` gives the same names as {@link KAFKA_DEFAULTS}. */
export const namespaceDefaults = (namespace: string): Pick<KafkaTransportOptions, 'delayTopicPrefix' | 'delayForwarderGroup'> => ({
  delayTopicPrefix: `${namespace}.delay`,
  delayForwarderGroup: `${namespace}.delay-forwarder`,
});

const stripUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
