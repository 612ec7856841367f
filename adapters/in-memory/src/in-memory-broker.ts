import { type Clock, encodeEnvelope, type Envelope, fitDeadLetter, systemClock } from '@cadenza/core';
import { IN_MEMORY_MAX_MESSAGE_BYTES } from './in-memory.options';
import { type DeadLetterSink, type GroupSettings, InMemoryGroup } from './in-memory-group';
import type { PendingMessage, Payload } from './pending-message';

interface Topic {
  readonly groups: Map<string, InMemoryGroup>;
  /** Messages published before any group subscribed; the first group to subscribe takes them. */
  backlog: PendingMessage[];
}

/**
 * The process-local broker behind in-memory transports. Transports created on one broker see each other's
 * messages, as processes sharing a real broker would; a test makes a broker of its own.
 */
export class InMemoryBroker {
  private readonly topics = new Map<string, Topic>();
  private readonly timers = new Set<() => void>();
  private sequence = 0;

  constructor(readonly clock: Clock = systemClock) {}

  publish(topic: string, payload: Payload, options: { key?: string; deliverAt?: number } = {}): void {
    const message = (): PendingMessage => ({ payload, deliveryCount: 0, transientRejections: 0, ...(options.key !== undefined ? { key: options.key } : {}) });
    if (options.deliverAt !== undefined && options.deliverAt > this.clock.now()) {
      const cancel = this.clock.setTimer(options.deliverAt, () => {
        this.timers.delete(cancel);
        this.route(topic, message());
      });
      this.timers.add(cancel);
      return;
    }
    this.route(topic, message());
  }

  group(topic: string, name: string, settings: GroupSettings): InMemoryGroup {
    const t = this.topic(topic);
    let group = t.groups.get(name);
    if (group) {
      group.configure(settings);
      return group;
    }
    group = new InMemoryGroup(settings, this.clock, this.deadLetter);
    t.groups.set(name, group);
    if (t.groups.size === 1) {
      for (const message of t.backlog) group.enqueue(message);
      t.backlog = [];
    }
    return group;
  }

  /** Cancels pending delayed deliveries; queued messages are dropped with the broker. */
  shutdown(): void {
    for (const cancel of this.timers) cancel();
    this.timers.clear();
  }

  private route(topic: string, message: PendingMessage): void {
    const t = this.topic(topic);
    if (t.groups.size === 0) {
      t.backlog.push(message);
      return;
    }
    let first = true;
    for (const group of t.groups.values()) {
      group.enqueue(first ? message : { ...message, deliveryCount: 0, transientRejections: 0 });
      first = false;
    }
  }

  private topic(name: string): Topic {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = { groups: new Map(), backlog: [] };
      this.topics.set(name, topic);
    }
    return topic;
  }

  private readonly deadLetter: DeadLetterSink = (message, reason, settings) => {
    const bytes = 'bytes' in message.payload ? message.payload.bytes : encodeEnvelope(message.payload.envelope);
    const original = 'envelope' in message.payload ? message.payload.envelope.id : `raw-${this.sequence++}`;
    const envelope: Envelope = {
      v: 1,
      id: `dead-letter:${settings.topic}:${original}:${message.deliveryCount}`,
      at: this.clock.now(),
      causationId: original,
      message: {
        kind: 'DeadLetter',
        originalTopic: settings.topic,
        reason,
        deliveries: message.deliveryCount,
        raw: Buffer.from(bytes).toString('base64'),
        ...(message.key !== undefined ? { key: message.key } : {}),
      },
    };
    this.publish(settings.deadLetterTopic, { envelope: fitDeadLetter(envelope, IN_MEMORY_MAX_MESSAGE_BYTES) });
  };
}

let defaultBroker: InMemoryBroker | undefined;

/** The broker shared by every in-memory transport that names none: the embedded default of one process. */
export const defaultInMemoryBroker = (): InMemoryBroker => (defaultBroker ??= new InMemoryBroker());
