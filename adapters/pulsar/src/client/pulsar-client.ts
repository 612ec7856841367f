/**
 * The entry point of the pure-TypeScript Pulsar client: `createPulsarClient({ serviceUrl })`, then
 * `createProducer(topic)` and `subscribe({...})`. One connection per broker is shared by every producer and
 * consumer of the client.
 */
import { ConfigError, type Logger, TransportError } from '@cadenza/core';
import { type ClientContext, retryWithin } from './client-context';
import { ConnectionPool } from './connection-pool';
import { Consumer, type ConsumerOptions } from './consumer';
import { maxFrameBytesFor } from './framing/frame';
import { LookupService } from './lookup-service';
import { PartitionedConsumer, PartitionedProducer } from './partitioned';
import { Producer, type ProducerOptions } from './producer';
import { parseServiceUrl } from './service-url';
import { loadTls, type PulsarTlsOptions } from './tls-options';
import type { TopicConsumer, TopicProducer } from './topic-handles';
import { fullTopicName } from './topic-name';

export interface PulsarClientOptions {
  /** `pulsar://host:port` of any broker of the cluster, or `pulsar+ssl://host:port` for TLS (then every lookup
   *  and redirect stays on the brokers' TLS addresses). */
  readonly serviceUrl: string;
  /** Bound on each broker request and on creating a producer or consumer (retries included), in ms.
   *  @default 30_000 */
  readonly operationTimeoutMs?: number;
  /** Bound on TCP connect plus handshake, in ms.
   *  @default 10_000 */
  readonly connectTimeoutMs?: number;
  /** Keep-alive ping interval, in ms.
   *  @default 30_000 */
  readonly keepAliveIntervalMs?: number;
  /** Topic names without a scheme get `persistent://<tenant>/<namespace>/`.
   *  @default 'public' */
  readonly tenant?: string;
  /** @default 'default' */
  readonly namespace?: string;
  /** Reports lost connections and reattached producers and consumers. @default none */
  readonly logger?: Logger;
  /** A token (JWT) for brokers with token authentication, or a function that returns the current one (called
   *  on every connect and AUTH_CHALLENGE). @default none */
  readonly token?: string | (() => string);
  /** TLS settings for a `pulsar+ssl://` service URL; refused with a `pulsar://` one.
   *  @default Node's root CAs, certificate and name checked */
  readonly tls?: PulsarTlsOptions;
  /** The largest payload this client will send, in bytes: the first connection to a broker whose
   *  `max_message_size` (less `FRAME_HEADROOM_BYTES`) is below it fails with a non-retriable ConfigError naming
   *  `transport.maxMessageBytes`, and so does every producer and consumer that needs it. Frames of up to this
   *  size (plus room for the command and metadata) are read.
   *  @default not checked; frames up to Pulsar's default 5 MiB are read */
  readonly maxMessageBytes?: number;
}

export interface PulsarClient {
  /** A producer on `topic` (on every partition of a partitioned topic), attached to its broker. */
  createProducer(topic: string, options?: ProducerOptions): Promise<TopicProducer>;
  /** A consumer attached to its subscription (on every partition), already receiving. */
  subscribe(options: ConsumerOptions): Promise<TopicConsumer>;
  /** The fully qualified name the client uses for `topic`. */
  topicName(topic: string): string;
  /** Drops every connection (producers and consumers reconnect): for failure tests. */
  dropConnections(): Promise<void>;
  /** Closes every producer and consumer it made, then its connections. */
  close(): Promise<void>;
}

const CLIENT_VERSION = 'cadenza-pulsar-ts/0.1.0';

export const createPulsarClient = (options: PulsarClientOptions): PulsarClient => {
  const service = parseServiceUrl(options.serviceUrl);
  if (options.tls !== undefined && !service.tls) throw new ConfigError('tls', 'a pulsar+ssl:// serviceUrl with TLS options', options.serviceUrl);
  const operationTimeoutMs = options.operationTimeoutMs ?? 30_000;
  const pool = new ConnectionPool({
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    operationTimeoutMs,
    keepAliveIntervalMs: options.keepAliveIntervalMs ?? 30_000,
    clientVersion: CLIENT_VERSION,
    ...(options.maxMessageBytes === undefined ? {} : {
      maxMessageBytes: options.maxMessageBytes, maxFrameBytes: maxFrameBytesFor(options.maxMessageBytes),
    }),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.tls === undefined ? {} : { tls: loadTls(options.tls) }),
  });
  let nextId = 0;
  const ctx: ClientContext = {
    pool, lookup: new LookupService(pool, service), operationTimeoutMs, serviceUrl: service.url, nextId: () => nextId++,
    ...(options.logger ? { logger: options.logger } : {}),
  };
  const topicName = (topic: string) => fullTopicName(topic, options.tenant, options.namespace);
  const open = new Set<TopicProducer | TopicConsumer>();
  let closed = false;
  const partitions = (topic: string) => retryWithin(`PARTITIONED_METADATA ${topic} at ${service.url}`, { timeoutMs: operationTimeoutMs, logger: options.logger }, () => ctx.lookup.partitions(topic));
  const track = <T extends TopicProducer | TopicConsumer>(x: T): T => {
    open.add(x);
    const close = x.close.bind(x);
    x.close = async () => {
      open.delete(x);
      await close();
    };
    return x;
  };
  const guard = () => {
    if (closed) throw new TransportError('Pulsar client is closed', false);
  };
  return {
    topicName,
    async createProducer(topic, o = {}) {
      guard();
      const name = topicName(topic);
      const n = await partitions(name);
      return track(n > 0 ? await PartitionedProducer.create(ctx, name, n, o) : await Producer.create(ctx, name, o));
    },
    async subscribe(o) {
      guard();
      const name = topicName(o.topic);
      const n = await partitions(name);
      return track(n > 0 ? await PartitionedConsumer.create(ctx, { ...o, topic: name }, n) : await Consumer.create(ctx, { ...o, topic: name }));
    },
    dropConnections: () => pool.closeAll(),
    async close() {
      closed = true;
      await Promise.all([...open].map((x) => x.close()));
      await pool.close();
    },
  };
};
