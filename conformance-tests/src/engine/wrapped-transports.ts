import type { Envelope, Subscription, SubscriptionStopped, SubscribeOptions, Transport, DeliveryHandler } from '@cadenza/core';

/**
 * A transport whose subscriptions can be dropped and made again with the same handlers: the keys of the
 * worker on it move to the other members of its group and back, while its engines (and their caches) live on.
 */
export interface MovableTransport {
  readonly transport: Transport;
  /** Closes every subscription: the group's other members take the keys. */
  detach(): Promise<void>;
  /** Subscribes again with the same handlers and options. */
  reattach(): Promise<void>;
}

export const movable = (inner: Transport): MovableTransport => {
  const entries: Array<{ topic: string; group: string; handle: DeliveryHandler; options: SubscribeOptions; current?: Subscription }> = [];
  return {
    transport: {
      capabilities: inner.capabilities,
      publish: (...args) => inner.publish(...args),
      close: () => inner.close(),
      subscribe: async (topic, group, handle, options) => {
        const entry: (typeof entries)[number] = { topic, group, handle, options, current: await inner.subscribe(topic, group, handle, options) };
        entries.push(entry);
        let settle!: (stopped: SubscriptionStopped) => void;
        return {
          stopped: new Promise<SubscriptionStopped>((resolve) => (settle = resolve)),
          close: async () => {
            await entry.current?.close();
            entry.current = undefined;
            settle({ cause: 'closed' });
          },
        };
      },
    },
    detach: async () => {
      for (const entry of entries) {
        await entry.current?.close();
        entry.current = undefined;
      }
    },
    reattach: async () => {
      for (const entry of entries) entry.current ??= await inner.subscribe(entry.topic, entry.group, entry.handle, entry.options);
    },
  };
};

/** A transport that remembers every envelope published through it. */
export const recording = (inner: Transport): { transport: Transport; published: Array<{ topic: string; envelope: Envelope; key?: string }> } => {
  const published: Array<{ topic: string; envelope: Envelope; key?: string }> = [];
  return {
    published,
    transport: {
      capabilities: inner.capabilities,
      subscribe: (...args) => inner.subscribe(...args),
      close: () => inner.close(),
      publish: async (topic, envelope, options) => {
        published.push({ topic, envelope, ...(options?.key !== undefined ? { key: options.key } : {}) });
        await inner.publish(topic, envelope, options);
      },
    },
  };
};
