/**
 * The `Transport` port on Apache Pulsar, through this package's own client.
 *
 * - Topics are `persistent://<tenant>/<namespace>/<topic>`; a group is a durable subscription. A new one starts
 *   where `start` says: the earliest retained message (the default, so a group also gets what was published before
 *   it first subscribed), the latest, or a time (the subscription is made through the admin API, marked, and its
 *   cursor reset to the time before any consumer attaches; see `admin/time-start.ts`). An existing one keeps its cursor.
 * - Events topics (`<namespace>.events`) get a retention policy through the admin API (`retention`), so that a
 *   listener subscribing later still finds what every other subscription acknowledged.
 * - `order: 'per-key'` subscribes Key_Shared (the broker gives each key to one consumer, in order) and handles
 *   keys in parallel up to `concurrency`; `order: 'none'` subscribes Shared (competing consumers).
 * - `deliverAt` in the future goes through the topic's delay topic and a forwarder (`delay/`); every
 *   subscription on a topic also runs a forwarder for it.
 * - Dead letters are decided here, on the client: the broker's `redelivery_count` plus local retries.
 */
import {
  ClosedError, type DeliveryHandler, DEFAULT_MAX_DELIVERIES, DEFAULT_REDELIVERY_DELAY_MS, encodeEnvelope,
  type Envelope, type Logger, PayloadTooLargeError, type PublishOptions, type SubscribeOptions, type Subscription, type Transport,
  type TransportCapabilities, TransportError, resolveStartPosition,
} from '@cadenza/core';
import { eventsRetention } from './admin/events-retention';
import { createPulsarAdmin, type PulsarAdmin } from './admin/pulsar-admin';
import { placeAtTime } from './admin/time-start';
import type { OutgoingMessage } from './client/commands/send';
import { loadTls } from './client/tls-options';
import { fullTopicName } from './client/topic-name';
import type { TopicProducer } from './client/topic-handles';
import { createPulsarClient, type PulsarClient } from './client/pulsar-client';
import { deadLetterEnvelope } from './dead-letter';
import { DelayForwarder } from './delay/delay-forwarder';
import { DELAY_PROPERTIES, delayTopic } from './delay/delay-topic';
import { stopSignal } from './dispatch/stop-signal';
import { SubscriptionRunner } from './dispatch/subscription-runner';
import { pulsarCapabilities } from './pulsar-capabilities';
import { type PulsarTransportOptions, type ResolvedPulsarOptions, resolvePulsarOptions } from './pulsar-transport.options';

/** The Pulsar transport, plus what tests and tools need beyond the port. */
export interface PulsarTransport extends Transport {
  /** Publishes bytes as they are (no envelope): how tests put malformed messages on a topic. */
  publishRaw(topic: string, bytes: Uint8Array, key?: string): Promise<void>;
  /** The client underneath (shared connections). */
  readonly client: PulsarClient;
}

/** Builds a transport from options (raw config is checked with `resolvePulsarOptions`). */
export const createPulsarTransport = (
  options: PulsarTransportOptions | ResolvedPulsarOptions, deps: { client?: PulsarClient; logger?: Logger } = {},
): PulsarTransport => {
  const o = resolvePulsarOptions(options);
  const client = deps.client ?? createPulsarClient({ ...o, ...(deps.logger ? { logger: deps.logger.child({ component: 'pulsar' }) } : {}) });
  const capabilities: TransportCapabilities = pulsarCapabilities(o.delayPrecisionMs, o.maxMessageBytes);
  const producers = new Map<string, Promise<TopicProducer>>();
  const forwarders = new Map<string, Promise<DelayForwarder>>();
  /** The subscriptions of each topic, told when its forwarder stops for good. */
  const forwarderWatchers = new Map<string, Set<(error: TransportError) => void>>();
  const subscriptions = new Set<Subscription>();
  let closed = false;
  let adminClient: PulsarAdmin | undefined;
  const admin = (): PulsarAdmin => (adminClient ??= createPulsarAdmin({
    adminUrl: o.adminUrl, timeoutMs: o.operationTimeoutMs, ...(o.token !== undefined ? { token: o.token } : {}),
    ...(o.tls !== undefined ? { tls: loadTls(o.tls, 'transport.tls') } : {}),
  }));
  const retention = eventsRetention({ admin, retention: o.retention, tenant: o.tenant, namespace: o.namespace, ...(deps.logger ? { logger: deps.logger } : {}) });

  const producer = (topic: string): Promise<TopicProducer> => {
    let p = producers.get(topic);
    if (!p) {
      p = client.createProducer(topic, {
        maxPendingMessages: o.maxPendingMessages, sendTimeoutMs: o.operationTimeoutMs, batchingMaxMessages: o.batchingMaxMessages,
      });
      producers.set(topic, p);
      p.catch(() => producers.delete(topic));
    }
    return p;
  };

  const send = async (topic: string, message: OutgoingMessage): Promise<void> => {
    if (closed) throw new ClosedError('Pulsar transport');
    retention.touch(topic);
    await (await producer(topic)).send(message);
  };

  const forwarderFor = (topic: string, deadLetterTopic: string): Promise<DelayForwarder> => {
    let f = forwarders.get(topic);
    if (!f) {
      const started = DelayForwarder.start(client, topic, send, o.receiverQueueSize, { topic: deadLetterTopic, maxMessageBytes: capabilities.maxMessageBytes }, (error) => {
        // The next subscription on the topic starts a new forwarder; the ones that relied on this one fail, to subscribe again.
        if (forwarders.get(topic) === started) forwarders.delete(topic);
        deps.logger?.error({ topic, error: error.message }, 'the delay forwarder of a topic stopped; failing its subscriptions so they subscribe again');
        for (const watcher of [...(forwarderWatchers.get(topic) ?? [])]) watcher(error);
      });
      f = started;
      forwarders.set(topic, f);
      f.catch(() => forwarders.delete(topic));
    }
    return f;
  };

  const publishBytes = async (topic: string, payload: Uint8Array, options: PublishOptions = {}): Promise<void> => {
    if (payload.length > capabilities.maxMessageBytes) {
      throw new PayloadTooLargeError(`message for ${topic}`, payload.length, capabilities.maxMessageBytes);
    }
    const key = options.key === undefined ? {} : { key: options.key };
    if (options.deliverAt !== undefined && options.deliverAt > Date.now()) {
      await send(delayTopic(topic), {
        payload, ...key, deliverAt: options.deliverAt,
        properties: { [DELAY_PROPERTIES.target]: topic, [DELAY_PROPERTIES.deliverAt]: String(options.deliverAt) },
      });
    } else {
      await send(topic, { payload, ...key });
    }
  };

  const subscribe = async (topic: string, group: string, handle: DeliveryHandler, options: SubscribeOptions): Promise<Subscription> => {
    if (closed) throw new ClosedError('Pulsar transport');
    const start = resolveStartPosition(options.start);
    retention.touch(topic);
    const runner = new SubscriptionRunner({
      topic, order: options.order, handle,
      concurrency: options.concurrency ?? 1,
      maxDeliveries: options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES,
      redeliveryDelayMs: options.redeliveryDelayMs ?? DEFAULT_REDELIVERY_DELAY_MS,
      ...(options.redelivery !== undefined ? { redelivery: options.redelivery } : {}),
      deadLetter: (facts) => {
        deps.logger?.warn({ topic, group, reason: facts.reason, deliveries: facts.deliveries, deadLetterTopic: options.deadLetterTopic }, 'message dead-lettered');
        return publishBytes(options.deadLetterTopic, encodeEnvelope(deadLetterEnvelope(facts, capabilities.maxMessageBytes)), facts.key === undefined ? {} : { key: facts.key });
      },
    });
    const forwarder = await forwarderFor(topic, options.deadLetterTopic);
    if (start.from === 'time') await placeAtTime(admin(), fullTopicName(topic, o.tenant, o.namespace), group, start.time);
    const stop = stopSignal();
    let failure: TransportError | undefined;
    const live: { subscription?: Subscription } = {};
    const consumer = await client.subscribe({
      topic, subscription: group, subscriptionType: options.order === 'per-key' ? 'Key_Shared' : 'Shared',
      initialPosition: start.from === 'latest' ? 'latest' : 'earliest', receiverQueueSize: o.receiverQueueSize,
      onMessage: (m) => runner.onMessage(m), onReconnect: (g, partition) => runner.onReconnect(g, partition),
      onFailed: (error, partition) => {
        failure ??= new TransportError(`subscription ${group} on ${partition} stopped: ${error.message}`, false, { cause: error });
        // A partition may fail while others are still attaching: the subscription is closed once it exists.
        void live.subscription?.close();
      },
    });
    runner.consumer = consumer;
    let closing: Promise<void> | undefined;
    const onForwarderFailed = (error: TransportError): void => {
      failure ??= new TransportError(`subscription ${group} on ${topic} stopped: the delay forwarder of the topic stopped: ${error.message}`, false, { cause: error });
      void made.close();
    };
    const watchers = forwarderWatchers.get(topic) ?? new Set();
    forwarderWatchers.set(topic, watchers.add(onForwarderFailed));
    const made: Subscription = {
      stopped: stop.stopped,
      close: () => (closing ??= (async () => {
        subscriptions.delete(made);
        watchers.delete(onForwarderFailed);
        if (watchers.size === 0 && forwarderWatchers.get(topic) === watchers) forwarderWatchers.delete(topic);
        await runner.close();
        await consumer.close();
        stop.settle(failure === undefined ? { cause: 'closed' } : { cause: 'failed', error: failure });
      })()),
    };
    live.subscription = made;
    subscriptions.add(made);
    if (failure === undefined && forwarder.failure !== undefined) onForwarderFailed(forwarder.failure);
    if (failure !== undefined) void made.close();
    return made;
  };

  return {
    capabilities,
    client,
    publish: (topic: string, envelope: Envelope, options?: PublishOptions) => publishBytes(topic, encodeEnvelope(envelope), options),
    publishRaw: (topic, bytes, key) => publishBytes(topic, bytes, key === undefined ? {} : { key }),
    subscribe,
    async close() {
      if (closed) return;
      await Promise.all([...subscriptions].map((s) => s.close()));
      closed = true;
      const settled = async <T>(p: Promise<T>) => p.then((x) => x, () => undefined);
      await Promise.all([...forwarders.values()].map(async (f) => (await settled(f))?.close()));
      await Promise.all([...producers.values()].map(async (p) => (await settled(p))?.close()));
      await retention.close();
      await client.close();
    },
  };
};

