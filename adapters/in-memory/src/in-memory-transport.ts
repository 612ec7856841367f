import {
  ClosedError,
  type DeliveryHandler,
  Deque,
  type Envelope,
  type PublishOptions,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionStopped,
  type Transport,
  type TransportCapabilities,
  TransportError,
  resolveStartPosition,
} from '@cadenza/core';
import { defaultInMemoryBroker, type InMemoryBroker } from './in-memory-broker';
import type { ConsumerSlot, InMemoryGroup } from './in-memory-group';
import { CopiedEnvelope } from './pending-message';
import { IN_MEMORY_MAX_MESSAGE_BYTES } from './in-memory.options';

/** The in-memory transport, plus `crash()` to simulate a process dying with messages unacknowledged. */
export interface InMemoryTransport extends Transport {
  /** Test support: raw bytes onto a topic, as a foreign producer would put them. */
  publishRaw(topic: string, bytes: Uint8Array, key?: string): Promise<void>;
  /** Drops every subscription at once without waiting; in-flight messages are redelivered to others. Their
   *  `stopped` settle with `'closed'`: the process they belonged to is gone, and nothing in it reacts. */
  crash(): void;
  /**
   * Test support: kills one subscription's consumer as a broker fault would (its in-flight messages go to
   * others, its late answers are ignored); its `stopped` settles with `{ cause: 'failed', error }`.
   * @default error: a non-retriable `TransportError` saying the consumer was killed
   */
  killSubscription(subscription: Subscription, error?: TransportError): void;
}

export interface InMemoryTransportOptions {
  /** The broker to share with other transports; its retention decides what a new group's `start` can reach.
   *  @default the process-wide default broker */
  broker?: InMemoryBroker;
}

/** One subscription attached to its group, and how to settle its `stopped`. */
interface Attached {
  readonly group: InMemoryGroup;
  readonly slot: ConsumerSlot;
  readonly settle: (stopped: SubscriptionStopped) => void;
}

/** Delays are timers in this process: they do not survive it. */
export const inMemoryTransportCapabilities: TransportCapabilities = {
  delayedDelivery: true,
  durable: false,
  maxMessageBytes: IN_MEMORY_MAX_MESSAGE_BYTES,
  delayPrecisionMs: 50,
};

/**
 * A transport whose broker lives in this process. It behaves as a serializing one: `publish` copies the
 * envelope by JSON rules and every delivery gets a copy of its own, so workflow code, services and history
 * never share an object through it. Our own code keeps the port's rule "Envelopes are values" instead: an
 * envelope published `handedOver` is kept as it is, and a `readOnly` subscription is handed the one kept. It does not measure messages against `maxMessageBytes` (that would
 * cost a serialization per message); the service executor and the client check sizes before publishing.
 */
export const createInMemoryTransport = (options: InMemoryTransportOptions = {}): InMemoryTransport => {
  const broker = options.broker ?? defaultInMemoryBroker();
  const attached: Attached[] = [];
  const bySubscription = new WeakMap<Subscription, Attached>();
  let closed = false;
  const ensureOpen = (what: string): void => {
    if (closed) throw new ClosedError(`in-memory transport (${what})`);
  };
  return {
    capabilities: inMemoryTransportCapabilities,
    publish: async (topic: string, envelope: Envelope, publishOptions?: PublishOptions) => {
      ensureOpen(`publish to ${topic}`);
      broker.publish(topic, new CopiedEnvelope(envelope, publishOptions?.handedOver), publishOptions);
    },
    publishRaw: async (topic, bytes, key) => {
      ensureOpen(`publish to ${topic}`);
      broker.publish(topic, { bytes }, key !== undefined ? { key } : {});
    },
    subscribe: async (topic: string, groupName: string, handler: DeliveryHandler, subscribeOptions: SubscribeOptions): Promise<Subscription> => {
      ensureOpen(`subscribe to ${topic}`);
      const start = resolveStartPosition(subscribeOptions.start);
      const group = broker.group(topic, groupName, { topic, ...subscribeOptions }, start);
      const slot: ConsumerSlot = { handler, concurrency: subscribeOptions.concurrency ?? 1, readOnly: subscribeOptions.readOnly ?? false, ready: new Deque(), inFlight: new Map(), active: true, dead: false };
      let settle!: (stopped: SubscriptionStopped) => void;
      const stopped = new Promise<SubscriptionStopped>((resolve) => (settle = resolve));
      const entry: Attached = { group, slot, settle };
      attached.push(entry);
      group.attach(slot);
      const subscription: Subscription = {
        stopped,
        close: async () => {
          const index = attached.indexOf(entry);
          if (index < 0) return;
          attached.splice(index, 1);
          await group.detach(slot);
          settle({ cause: 'closed' });
        },
      };
      bySubscription.set(subscription, entry);
      return subscription;
    },
    close: async () => {
      closed = true;
      await Promise.all(attached.splice(0).map(async ({ group, slot, settle }) => {
        await group.detach(slot);
        settle({ cause: 'closed' });
      }));
    },
    crash: () => {
      closed = true;
      for (const { group, slot, settle } of attached.splice(0)) {
        group.crash(slot);
        settle({ cause: 'closed' });
      }
    },
    killSubscription: (subscription, error = new TransportError('in-memory: the consumer was killed', false)) => {
      const entry = bySubscription.get(subscription);
      const index = entry ? attached.indexOf(entry) : -1;
      if (!entry || index < 0) return;
      attached.splice(index, 1);
      entry.group.crash(entry.slot);
      entry.settle({ cause: 'failed', error });
    },
  };
};
