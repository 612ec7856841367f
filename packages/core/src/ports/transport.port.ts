import type { TransportError } from '../errors/transport-error';
import type { Envelope } from '../model/envelope';
import type { RedeliveryPolicy } from './redelivery-policy';

/**
 * The messaging port. Every adapter (in-memory, Kafka, Pulsar) keeps these rules, and the transport
 * conformance suite checks them:
 *
 * - **At-least-once.** A delivery is acknowledged only after `handle` resolves. A rejection, a crash or a
 *   lost connection redelivers the message (with `deliveryCount` one higher); nothing is skipped.
 * - **`order: 'per-key'`.** Messages with the same key are handled one at a time, in publish order, by one
 *   consumer of the group; messages with different keys run in parallel up to `concurrency`. A rejected
 *   message holds its key until it succeeds or goes to the dead letter, so order is never broken.
 * - **Key ownership is not exclusive in time.** A rebalance may move a key to another consumer of the group
 *   and back without telling the handler, so a consumer must not trust state it cached for a key: the
 *   workflow engine proves a cached instance fresh against the history store before it acknowledges.
 * - **`order: 'none'`.** Competing consumers: each message goes to one consumer of the group.
 * - **Groups.** Each group receives every message published after it first subscribed, and messages
 *   published to a topic before any group subscribed reach the first group that does; consumers of one
 *   group share the messages.
 * - **`deliverAt`.** Not handed to `handle` before that time (ms since epoch), and delivered even after a
 *   process or broker restart when `capabilities.durable`. A long delay never holds back a shorter one.
 * - **Redelivery.** A rejected message is redelivered after a capped exponential backoff (`redelivery`).
 *   A rejection with a transient error (`isTransient`: an outage, a timeout) is redelivered without limit
 *   and does not count toward `maxDeliveries`; any other rejection, and a delivery that never ended (a
 *   crash), counts. See `redelivery-policy.ts`, the one place these rules and their defaults live.
 * - **Dead letter.** A message with `maxDeliveries` counted deliveries, or bytes that are not a Cadenza
 *   envelope, is published to `deadLetterTopic` as a `DeadLetter` message carrying the reason and the
 *   original bytes, then acknowledged. It never blocks its key forever and is never silently dropped.
 * - **Envelopes are values.** A publisher that publishes `handedOver` never changes the envelope, nor anything
 *   in it, afterwards; a handler subscribed `readOnly` never changes a delivered envelope. A transport may then
 *   keep the very object published and deliver it to `readOnly` handlers, shared with other groups and with
 *   redeliveries. Any other publisher or handler is protected as by a serializing transport: what it changes
 *   after publishing, or in its delivery, nobody else sees. The workflow engine and the service executor
 *   publish `handedOver` and subscribe `readOnly`; code of users (workflows, services, callers of the
 *   client) only ever sees copies of its own.
 */
export interface Transport {
  readonly capabilities: TransportCapabilities;
  /** Resolves once the broker has durably accepted the message. Rejects with a `TransportError`. */
  publish(topic: string, envelope: Envelope, options?: PublishOptions): Promise<void>;
  /** Starts consuming `topic` as a member of `group`; resolves when the consumer is attached. */
  subscribe(topic: string, group: string, handle: DeliveryHandler, options: SubscribeOptions): Promise<Subscription>;
  /** Stops every subscription (waiting for handlers in flight) and releases connections. */
  close(): Promise<void>;
}

export interface PublishOptions {
  /** Partition/ordering key; required for topics consumed with `order: 'per-key'`. */
  key?: string;
  /** Earliest delivery time, ms since epoch. */
  deliverAt?: number;
  /** The publisher never changes the envelope, nor anything in it, from now on (see "Envelopes are values"),
   *  so the transport may keep the object instead of a copy.
   *  @default false */
  handedOver?: boolean;
}

export interface SubscribeOptions {
  order: 'per-key' | 'none';
  /** Handlers running at once for this subscription.
   *  @default 1 */
  concurrency?: number;
  /** Counted deliveries (transient rejections do not count) before a message goes to the dead letter; an
   *  integer ≥ 1.
   *  @default 10 */
  maxDeliveries?: number;
  /** Where dead letters go. */
  deadLetterTopic: string;
  /** The backoff between redeliveries of a rejected message.
   *  @default see {@link RedeliveryPolicy} */
  redelivery?: RedeliveryPolicy;
  /** The wait before the first redelivery, in ms; `redelivery.initialDelayMs` wins when both are given.
   *  @deprecated use `redelivery.initialDelayMs`
   *  @default 100 */
  redeliveryDelayMs?: number;
  /** Where a group that has no position yet on this topic starts reading; a group that has one (it
   *  subscribed before, in this process or an earlier one) resumes from it and ignores `start`.
   *  `earliest` is the oldest message the transport still retains, `latest` the next one published,
   *  `{ time }` the first message published at or after `time` (ms since epoch; a time in the future
   *  reads like `latest` until then). See {@link StartPosition}.
   *  How long a topic retains messages is the adapter's setting (Kafka's `retention.ms`, Pulsar's retention
   *  policy, which the Pulsar adapter sets on events topics, the in-memory transport's bounded log of events
   *  topics). An invalid `start` (a time that is not a finite number ≥ 0, an unknown `from`) rejects `subscribe`
   *  with a `ConfigError` naming `subscribe.start.time` or `subscribe.start.from`.
   *  @default { from: 'earliest' } */
  start?: StartPosition;
  /** The handler never changes a delivered envelope nor anything in it (see "Envelopes are values"), so the
   *  transport may hand it the object it holds instead of a copy of its own.
   *  @default false */
  readOnly?: boolean;
}

/** Where a new group starts reading a topic. */
export type StartPosition = { readonly from: 'earliest' } | { readonly from: 'latest' } | { readonly from: 'time'; readonly time: number };

export interface Delivery {
  readonly envelope: Envelope;
  readonly topic: string;
  readonly key?: string;
  /** 1 on the first delivery, higher on redeliveries. */
  readonly deliveryCount: number;
}

export type DeliveryHandler = (delivery: Delivery) => Promise<void>;

export interface Subscription {
  /** Stops fetching, waits for handlers in flight, leaves the group. Unacknowledged messages are redelivered to others. */
  close(): Promise<void>;
  /**
   * Settles once this subscription has stopped for good, and never rejects: `{ cause: 'closed' }` after
   * `close()` (or the transport's `close()`), `{ cause: 'failed', error }` when it died on its own (a
   * consumer stopped by a non-retriable error, a connection it gave up restoring). A subscription never
   * stops silently: after 'failed' it handles nothing more, and its owner must re-subscribe or exit.
   */
  readonly stopped: Promise<SubscriptionStopped>;
}

/** Why a subscription stopped: see {@link Subscription.stopped}. */
export type SubscriptionStopped =
  | { readonly cause: 'closed' }
  | { readonly cause: 'failed'; readonly error: TransportError };

/** What an adapter can do, as data: the core and the suites read this, never the adapter's type. */
export interface TransportCapabilities {
  /** Honours `deliverAt`. */
  readonly delayedDelivery: boolean;
  /** Published messages (delayed ones included) survive a restart of the process and of the broker. */
  readonly durable: boolean;
  /** Largest encoded envelope, in bytes, the adapter accepts. */
  readonly maxMessageBytes: number;
  /** How late after `deliverAt` a delayed message may be delivered, in ms, under light load. */
  readonly delayPrecisionMs: number;
}
