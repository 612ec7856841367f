import {
  decodeEnvelope, encodeEnvelope, type DeliveryHandler, type Envelope, type FailurePolicy, judgeRejection, resolveFailurePolicy,
  type Subscription, type SubscriptionStopped, type SubscribeOptions, type TransportError,
} from '@cadenza/core';
import type { Kafka } from 'kafkajs';
import { HEADERS } from '../headers';
import type { OutgoingRecord } from '../publish/publish-batcher';
import type { KafkaLogger } from '../support/kafka-logger';
import type { ConsumedRecord, RecordSink } from './consumed-record';
import type { ReadCommitted } from './crash-count';
import { deadLetterEnvelope } from './dead-letter';
import { GroupConsumer, type GroupConsumerOptions } from './group-consumer';
import { KeyedScheduler, type RunOutcome } from './keyed-scheduler';

/** What a subscription needs from its transport. */
export interface KafkaSubscriptionDeps {
  readonly kafka: Kafka;
  readonly consumer: Omit<GroupConsumerOptions, 'groupId' | 'topics' | 'fromBeginning'>;
  /** Publishes a record (creating its topic if needed); used for dead letters. */
  readonly publish: (record: OutgoingRecord) => Promise<void>;
  /** Reads committed offsets with their metadata: the delivery counts that survive a crash. */
  readonly readCommitted: ReadCommitted;
  readonly logger: KafkaLogger;
  /** The transport's `maxMessageBytes`: a dead letter is fitted to it. */
  readonly maxMessageBytes: number;
}

interface Item {
  readonly record: ConsumedRecord;
  deliveries: number;
  /** Rejections with a transient error; they do not count toward `maxDeliveries`. */
  transientRejections: number;
}

/** Wait before trying again to publish a dead letter that the broker refused, in ms. */
const DEAD_LETTER_RETRY_MS = 1_000;

/**
 * One `subscribe` call: a group member whose records run through a {@link KeyedScheduler} (one lane per
 * key for `per-key`, one per message for `none`). A rejection is retried in place after core's backoff
 * (`judgeRejection`), holding its key: without limit for a transient error, and to the dead letter once
 * `maxDeliveries` deliveries that were not transient rejections are reached.
 */
export class KafkaSubscription implements Subscription, RecordSink {
  private readonly scheduler: KeyedScheduler<Item>;
  private readonly consumer: GroupConsumer;
  private readonly policy: FailurePolicy;
  private closed: Promise<void> | undefined;
  private settle!: (stopped: SubscriptionStopped) => void;
  /** See {@link Subscription.stopped}: `'failed'` when kafkajs stopped the consumer after a non-retriable error. */
  readonly stopped = new Promise<SubscriptionStopped>((resolve) => (this.settle = resolve));

  constructor(
    private readonly deps: KafkaSubscriptionDeps,
    private readonly topic: string,
    group: string,
    private readonly handle: DeliveryHandler,
    private readonly options: SubscribeOptions,
  ) {
    this.policy = resolveFailurePolicy(options);
    this.scheduler = new KeyedScheduler({ concurrency: options.concurrency ?? 1, run: (item) => this.run(item) });
    this.consumer = new GroupConsumer(deps.kafka, {
      ...deps.consumer, groupId: group, topics: [topic], fromBeginning: true, readCommitted: deps.readCommitted,
    }, this,
      deps.logger, (error) => this.failed(error));
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  get buffered(): number {
    return this.scheduler.size;
  }

  accept(record: ConsumedRecord): void {
    const lane = this.options.order === 'per-key' && record.key !== undefined
      ? `key:${record.key}`
      : `record:${record.partition}:${record.offset}`;
    this.scheduler.push(lane, { record, deliveries: record.priorDeliveries ?? 0, transientRejections: 0 });
  }

  reset(): void {
    this.scheduler.dropPending();
  }

  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  stop(): Promise<void> {
    return this.scheduler.stop();
  }

  close(): Promise<void> {
    return (this.closed ??= this.consumer.close().then(() => this.settle({ cause: 'closed' })));
  }

  /** The consumer died: start nothing more, and report it once what runs has finished (so a new subscription
   *  never handles a key while this one still does). */
  private failed(error: TransportError): void {
    this.deps.logger.error({ topic: this.topic, error: error.message }, 'kafka subscription stopped: its consumer failed');
    this.closed ??= this.scheduler.stop().then(() => this.settle({ cause: 'failed', error }));
  }

  private async run(item: Item): Promise<RunOutcome> {
    const { record } = item;
    if (!this.consumer.isCurrent(record)) return 'done';
    let envelope: Envelope;
    try {
      envelope = decodeEnvelope(record.value, this.topic);
    } catch (error) {
      return this.deadLetter(item, (error as Error).message, Math.max(item.deliveries, 1));
    }
    if (item.deliveries - item.transientRejections >= this.policy.maxDeliveries) {
      const reason = `delivered ${item.deliveries} times without an answer: its handler's process died each time`;
      return this.deadLetter(item, reason, item.deliveries, envelope.id);
    }
    item.deliveries++;
    try {
      await this.handle({
        envelope, topic: this.topic, deliveryCount: item.deliveries,
        ...(record.key !== undefined ? { key: record.key } : {}),
      });
    } catch (error) {
      if (!this.consumer.isCurrent(record)) return 'done';
      const verdict = judgeRejection(this.policy, error, item);
      if (verdict.action === 'dead-letter') return this.deadLetter(item, verdict.reason, item.deliveries, envelope.id);
      if (verdict.transient) item.transientRejections++;
      return { retryAfterMs: verdict.delayMs };
    }
    this.consumer.finish(record);
    return 'done';
  }

  private async deadLetter(item: Item, reason: string, deliveries: number, causationId?: string): Promise<RunOutcome> {
    const { record } = item;
    const envelope = deadLetterEnvelope({
      originalTopic: this.topic, partition: record.partition, offset: record.offset, reason, deliveries,
      raw: record.value, ...(record.key !== undefined ? { key: record.key } : {}),
      ...(causationId !== undefined ? { causationId } : {}),
    }, Date.now(), this.deps.maxMessageBytes);
    try {
      await this.deps.publish({
        topic: this.options.deadLetterTopic,
        ...(record.key !== undefined ? { key: record.key } : {}),
        value: Buffer.from(encodeEnvelope(envelope)),
        headers: { [HEADERS.deadLetterReason]: reason.slice(0, 1_000), [HEADERS.deadLetterTopic]: this.topic },
      });
    } catch (error) {
      this.deps.logger.error({ topic: this.topic, deadLetterTopic: this.options.deadLetterTopic, error: String(error) },
        'kafka dead letter publish failed; will retry');
      return { retryAfterMs: DEAD_LETTER_RETRY_MS };
    }
    this.consumer.finish(record);
    return 'done';
  }
}
