import {
  type Clock,
  decodeEnvelope,
  type Delivery,
  type DeliveryHandler,
  Deque,
  type Envelope,
  type FailurePolicy,
  judgeRejection,
  type RedeliveryPolicy,
  resolveFailurePolicy,
} from '@cadenza/core';
import type { PendingMessage } from './pending-message';

/** A consumer attached to a group: one subscription of one transport. */
export interface ConsumerSlot {
  readonly handler: DeliveryHandler;
  readonly concurrency: number;
  /** Subscribed `readOnly`: handed the envelope the broker holds, not a copy of its own. */
  readonly readOnly: boolean;
  readonly ready: Deque<QueueKey>;
  readonly inFlight: Map<QueueKey, PendingMessage>;
  /** False once closing: it takes no new messages. */
  active: boolean;
  /** True after a simulated crash: whatever its handlers still do is ignored. */
  dead: boolean;
  idle?: () => void;
}

export interface GroupSettings {
  readonly topic: string;
  readonly order: 'per-key' | 'none';
  readonly maxDeliveries?: number;
  readonly redelivery?: RedeliveryPolicy;
  readonly redeliveryDelayMs?: number;
  readonly deadLetterTopic: string;
}

/**
 * What a message waits under in its group: its key in `per-key` mode, else a number of its own. A number, not a
 * string made per message: a map finds a small integer without hashing a new string.
 */
export type QueueKey = string | number;

/** Sends a message that failed for good to the dead-letter topic. */
export type DeadLetterSink = (message: PendingMessage, reason: string, settings: GroupSettings) => void;

/**
 * A consumer group of one topic. Messages wait in per-key queues; a key with a delivery in flight (or
 * waiting to be redelivered) is busy, which is what keeps one key in order. In `per-key` mode each key is
 * routed to one consumer by hash, like Pulsar's Key_Shared, so a worker keeps seeing the same workflows.
 * In `none` mode every message gets a key of its own and any consumer with room takes it.
 */
export class InMemoryGroup {
  private readonly queues = new Map<QueueKey, PendingMessage[]>();
  private readonly busy = new Set<QueueKey>();
  private readonly sharedReady = new Deque<QueueKey>();
  private readonly consumers: ConsumerSlot[] = [];
  /** The consumers still taking messages, kept as membership changes: {@link owner} runs for every keyed message. */
  private active: ConsumerSlot[] = [];
  private pumpScheduled = false;
  private uniqueKey = 0;
  private policy: FailurePolicy;

  constructor(
    private settings: GroupSettings,
    private readonly clock: Clock,
    private readonly deadLetter: DeadLetterSink,
  ) {
    this.policy = resolveFailurePolicy(settings);
  }

  /** The latest subscriber's options win: they describe how the group is consumed now. */
  configure(settings: GroupSettings): void {
    this.policy = resolveFailurePolicy(settings);
    this.settings = settings;
  }

  enqueue(message: PendingMessage): void {
    const key = this.settings.order === 'per-key' && message.key !== undefined ? message.key : this.uniqueKey++;
    const queue = this.queues.get(key);
    if (queue) {
      queue.push(message);
    } else {
      this.queues.set(key, [message]);
      this.markReady(key);
    }
    this.schedulePump();
  }

  attach(slot: ConsumerSlot): void {
    this.consumers.push(slot);
    this.reroute();
    this.schedulePump();
  }

  /** Stops giving `slot` work and resolves once its handlers in flight have finished. */
  async detach(slot: ConsumerSlot): Promise<void> {
    slot.active = false;
    this.reroute();
    this.schedulePump();
    if (slot.inFlight.size > 0) await new Promise<void>((resolve) => (slot.idle = resolve));
    this.remove(slot);
  }

  /** Drops `slot` at once, as a crashed process would: its unacknowledged messages go to others. */
  crash(slot: ConsumerSlot): void {
    slot.active = false;
    slot.dead = true;
    this.active = this.consumers.filter((c) => c.active);
    for (const key of slot.inFlight.keys()) {
      this.busy.delete(key);
      this.markReady(key);
    }
    slot.inFlight.clear();
    this.remove(slot);
    this.schedulePump();
  }

  private remove(slot: ConsumerSlot): void {
    const index = this.consumers.indexOf(slot);
    if (index >= 0) this.consumers.splice(index, 1);
    // Keys still queued for it go to the others (a crash removes a consumer that never drained them).
    for (const key of slot.ready.drain()) this.markReady(key);
    this.reroute();
    this.schedulePump();
  }

  private owner(key: QueueKey): ConsumerSlot | undefined {
    const { active } = this;
    if (active.length === 0) return undefined;
    return active[(typeof key === 'number' ? key : hash(key)) % active.length];
  }

  private markReady(key: QueueKey): void {
    if (this.settings.order === 'none' || typeof key === 'number') {
      this.sharedReady.push(key);
      return;
    }
    (this.owner(key)?.ready ?? this.sharedReady).push(key);
  }

  /** Membership changed: route every waiting key again by the new set of consumers. */
  private reroute(): void {
    this.active = this.consumers.filter((c) => c.active);
    const keys = [...this.sharedReady.drain(), ...this.consumers.flatMap((c) => c.ready.drain())];
    for (const key of keys) this.markReady(key);
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    // A resolved promise rather than queueMicrotask: the latter wraps each callback in an AsyncResource,
    // which cost an eighth of a busy worker's CPU.
    void Promise.resolve().then(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    for (const consumer of this.consumers) {
      while (consumer.active && consumer.inFlight.size < consumer.concurrency) {
        const key = consumer.ready.shift() ?? this.takeShared(consumer);
        if (key === undefined) break;
        this.start(consumer, key);
      }
    }
  }

  /** Keys in the shared queue go to any consumer in `none` mode, and to their owner in `per-key` mode. */
  private takeShared(consumer: ConsumerSlot): QueueKey | undefined {
    if (this.sharedReady.length === 0) return undefined;
    if (this.settings.order === 'none') return this.sharedReady.shift();
    const key = this.sharedReady.shift();
    if (key === undefined) return undefined;
    if (typeof key === 'number' || this.owner(key) === consumer) return key;
    this.markReady(key);
    return undefined;
  }

  private start(consumer: ConsumerSlot, key: QueueKey): void {
    const message = this.queues.get(key)?.[0];
    if (!message || this.busy.has(key)) return;
    this.busy.add(key);
    consumer.inFlight.set(key, message);
    message.deliveryCount += 1;
    void this.deliver(consumer, key, message);
  }

  private async deliver(consumer: ConsumerSlot, key: QueueKey, message: PendingMessage): Promise<void> {
    const { topic } = this.settings;
    let envelope: Envelope;
    try {
      const { payload } = message;
      envelope = 'bytes' in payload ? decodeEnvelope(payload.bytes, topic) : consumer.readOnly ? payload.held : payload.envelope;
    } catch (error) {
      this.deadLetter(message, (error as Error).message, this.settings);
      this.settle(consumer, key, 'done');
      return;
    }
    const { deliveryCount, key: messageKey } = message;
    const delivery: Delivery = messageKey !== undefined ? { envelope, topic, deliveryCount, key: messageKey } : { envelope, topic, deliveryCount };
    try {
      await consumer.handler(delivery);
      this.settle(consumer, key, 'done');
    } catch (error) {
      const verdict = judgeRejection(this.policy, error, { deliveries: message.deliveryCount, transientRejections: message.transientRejections });
      if (verdict.action === 'dead-letter') {
        this.deadLetter(message, verdict.reason, this.settings);
        this.settle(consumer, key, 'done');
      } else {
        if (verdict.transient) message.transientRejections += 1;
        this.settle(consumer, key, verdict.delayMs);
      }
    }
  }

  /** Acknowledges (`'done'`) or, given a wait in ms, hands the message over again after it. */
  private settle(consumer: ConsumerSlot, key: QueueKey, outcome: 'done' | number): void {
    if (consumer.dead) return; // a crashed consumer's late answer is not an acknowledgement
    consumer.inFlight.delete(key);
    if (outcome === 'done') {
      const queue = this.queues.get(key);
      queue?.shift();
      this.busy.delete(key);
      if (queue && queue.length > 0) this.markReady(key);
      else this.queues.delete(key);
    } else {
      this.clock.setTimer(this.clock.now() + outcome, () => {
        this.busy.delete(key);
        if (this.queues.get(key)?.length) this.markReady(key);
        this.schedulePump();
      });
    }
    if (consumer.inFlight.size === 0 && consumer.idle) {
      const idle = consumer.idle;
      consumer.idle = undefined;
      idle();
    }
    this.schedulePump();
  }
}

const hash = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
};
