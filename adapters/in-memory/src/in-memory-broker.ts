import { type Clock, ConfigError, DEFAULT_START_POSITION, decodeConfig, encodeEnvelope, type Envelope, fitDeadLetter, type StartPosition, systemClock } from '@cadenza/core';
import { IN_MEMORY_MAX_MESSAGE_BYTES, type InMemoryRetention, InMemoryRetentionConfig, inMemoryRetentionDefaults } from './in-memory.options';
import { type DeadLetterSink, type GroupSettings, InMemoryGroup } from './in-memory-group';
import { CopiedEnvelope, type PendingMessage, type Payload } from './pending-message';
import { RetainedLog, type RetainedMessage } from './retained-log';

interface Topic {
  readonly groups: Map<string, InMemoryGroup>;
  /** Whether the log keeps messages once groups exist ({@link InMemoryRetention.topics}). */
  readonly retains: boolean;
  /** Everything published before the first group subscribed; after that, on a retaining topic, what the
   *  retention keeps. A new group starts in it at its `start`. */
  readonly log: RetainedLog;
}

export interface InMemoryBrokerOptions {
  /** How much of a topic is kept for groups created later; fields not given take their defaults.
   *  @default {@link inMemoryRetentionDefaults}: the last 10,000 messages or 7 days of each events topic */
  readonly retention?: Partial<InMemoryRetention>;
}

/** `<namespace>.events`, as `createNames` makes it: a namespace has no dot. */
const EVENTS_TOPIC = /^[^.]+\.events$/;

/**
 * The process-local broker behind in-memory transports. Transports created on one broker see each other's
 * messages, as processes sharing a real broker would; a test makes a broker of its own.
 */
export class InMemoryBroker {
  private readonly topics = new Map<string, Topic>();
  private readonly timers = new Set<() => void>();
  private sequence = 0;
  /** The retention every topic of this broker keeps. */
  readonly retention: InMemoryRetention;

  constructor(readonly clock: Clock = systemClock, options: InMemoryBrokerOptions = {}) {
    this.retention = { ...inMemoryRetentionDefaults, ...decodeConfig(InMemoryRetentionConfig, options.retention ?? {}, 'retention') };
  }

  publish(topic: string, payload: Payload, options: { key?: string; deliverAt?: number } = {}): void {
    if (options.deliverAt !== undefined && options.deliverAt > this.clock.now()) {
      const cancel = this.clock.setTimer(options.deliverAt, () => {
        this.timers.delete(cancel);
        this.route(topic, pendingOf(payload, options.key));
      });
      this.timers.add(cancel);
      return;
    }
    this.route(topic, pendingOf(payload, options.key));
  }

  /**
   * The group `name` of `topic`. A new one starts reading the topic's log at `start`; one that exists keeps its
   * position (and ignores `start`), taking the latest subscriber's settings.
   */
  group(topic: string, name: string, settings: GroupSettings, start: StartPosition = DEFAULT_START_POSITION): InMemoryGroup {
    const t = this.topic(topic);
    let group = t.groups.get(name);
    if (group) {
      group.configure(settings);
      return group;
    }
    group = new InMemoryGroup(settings, this.clock, this.deadLetter);
    this.trim(t); // nothing yet for the first group: it gets everything that waited for it
    for (const message of t.log.readFrom(start)) group.enqueue(pending(message));
    t.groups.set(name, group);
    if (t.retains) this.trim(t);
    else t.log.clear();
    return group;
  }

  /** Cancels pending delayed deliveries; queued messages are dropped with the broker. */
  shutdown(): void {
    for (const cancel of this.timers) cancel();
    this.timers.clear();
  }

  private route(topic: string, message: PendingMessage): void {
    const t = this.topic(topic);
    if (t.groups.size === 0 || t.retains) {
      const now = this.clock.now();
      t.log.append(message.payload, message.key, now);
      if (t.groups.size === 0) return;
      this.trim(t, now);
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
      topic = { groups: new Map(), retains: this.retention.topics === 'all' || EVENTS_TOPIC.test(name), log: new RetainedLog() };
      this.topics.set(name, topic);
    }
    return topic;
  }

  /** Applies the retention to a topic that has groups; before its first group, a topic keeps everything for it. */
  private trim(t: Topic, now = this.clock.now()): void {
    if (t.groups.size > 0 && t.log.length > 0) t.log.trim(this.retention.maxMessages, now - this.retention.maxAgeMs);
  }

  private readonly deadLetter: DeadLetterSink = (message, reason, settings) => {
    const bytes = 'bytes' in message.payload ? message.payload.bytes : encodeEnvelope(message.payload.held);
    const original = 'held' in message.payload ? message.payload.held.id : `raw-${this.sequence++}`;
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
    this.publish(settings.deadLetterTopic, new CopiedEnvelope(fitDeadLetter(envelope, IN_MEMORY_MAX_MESSAGE_BYTES)));
  };
}

/** A message not yet delivered. Two literals, not a spread of an optional key: this runs on every publish. */
const pendingOf = (payload: Payload, key: string | undefined): PendingMessage =>
  key !== undefined ? { payload, deliveryCount: 0, transientRejections: 0, key } : { payload, deliveryCount: 0, transientRejections: 0 };

const pending = (message: RetainedMessage): PendingMessage => pendingOf(message.payload, message.key);

let defaultBroker: InMemoryBroker | undefined;

/**
 * The broker shared by every in-memory transport that names none: the embedded default of one process. The first
 * call makes it, with `options`; a later call asking for another retention gets a `ConfigError`, since one
 * process-wide broker cannot keep two.
 */
export const defaultInMemoryBroker = (options: InMemoryBrokerOptions = {}): InMemoryBroker => {
  defaultBroker ??= new InMemoryBroker(systemClock, options);
  if (options.retention) checkSameRetention(defaultBroker.retention, options.retention);
  return defaultBroker;
};

const checkSameRetention = (kept: InMemoryRetention, asked: Partial<InMemoryRetention>): void => {
  for (const field of ['maxMessages', 'maxAgeMs', 'topics'] as const) {
    if (asked[field] !== undefined && asked[field] !== kept[field]) {
      throw new ConfigError(`transport.retention.${field}`, `${kept[field]}, the value the process-wide in-memory broker was made with`, asked[field]);
    }
  }
};
