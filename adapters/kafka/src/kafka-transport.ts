import {
  ClosedError, ConfigError, encodeEnvelope, type Envelope, PayloadTooLargeError, type DeliveryHandler,
  type PublishOptions, type Subscription, type SubscribeOptions, type Transport, type TransportCapabilities, resolveStartPosition,
} from '@cadenza/core';
import type { Admin, Kafka } from 'kafkajs';
import { placeNewGroup } from './consume/group-start';
import { KafkaSubscription } from './consume/kafka-subscription';
import { bucketFor, delayTopic } from './delay/delay-buckets';
import { type ForwarderLease, leaseForwarder } from './delay/shared-forwarder';
import { HEADERS } from './headers';
import { kafkaTransportCapabilities } from './kafka-capabilities';
import type { KafkaTransportOptions } from './kafka-transport.options';
import { type OutgoingRecord, PublishBatcher } from './publish/publish-batcher';
import type { RenewingProducer } from './publish/renewing-producer';
import type { KafkaLogger } from './support/kafka-logger';
import { toTransportError } from './support/to-transport-error';
import { withTimeout } from './support/with-timeout';
import { TopicAdmin } from './topics/topic-admin';

/** The connected parts a {@link KafkaTransport} runs on; {@link createKafkaTransport} builds them. */
export interface KafkaTransportParts {
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** Replaced by a new idempotent producer after a failed send (see {@link RenewingProducer}). */
  readonly producer: RenewingProducer;
  readonly options: KafkaTransportOptions;
  readonly logger: KafkaLogger;
}

/**
 * The `Transport` port on Apache Kafka. Topics are created on demand; the record key is the partition key;
 * each subscription is a consumer-group member that runs keys in parallel inside a partition; delayed
 * messages wait on the adapter's delay-bucket topics until a forwarder releases them.
 */
export class KafkaTransport implements Transport {
  readonly capabilities: TransportCapabilities;
  private readonly topics: TopicAdmin;
  private readonly batcher: PublishBatcher;
  private readonly subscriptions = new Set<KafkaSubscription>();
  private forwarder: ForwarderLease | undefined;
  private closing: Promise<void> | undefined;
  /** Set once subscriptions are closed: handlers still finishing during `close` may publish until then. */
  private producerClosed = false;

  constructor(private readonly parts: KafkaTransportParts) {
    this.capabilities = kafkaTransportCapabilities(parts.options.maxMessageBytes);
    this.topics = new TopicAdmin(parts.admin, parts.options);
    this.batcher = new PublishBatcher(parts.producer);
  }

  async publish(topic: string, envelope: Envelope, options: PublishOptions = {}): Promise<void> {
    this.assertCanPublish();
    const value = Buffer.from(encodeEnvelope(envelope));
    if (value.length > this.capabilities.maxMessageBytes) {
      throw new PayloadTooLargeError(`envelope ${envelope.id} for ${topic}`, value.length, this.capabilities.maxMessageBytes);
    }
    const key = options.key !== undefined ? { key: options.key } : {};
    const now = Date.now();
    if (options.deliverAt === undefined || options.deliverAt <= now) {
      await this.publishRecord({ topic, value, ...key });
      return;
    }
    // Not awaited: the message waits on its delay topic until some forwarder runs; failures are logged.
    this.startForwarder().catch(() => undefined);
    await this.bounded(`publishing to ${topic}`, this.topics.ensure(topic));
    await this.publishRecord({
      topic: delayTopic(this.parts.options.delayTopicPrefix, bucketFor(options.deliverAt - now)), value, ...key,
      headers: { [HEADERS.deliverAt]: String(options.deliverAt), [HEADERS.targetTopic]: topic },
    });
  }

  /** Publishes bytes as they are (creating the topic if needed): dead letters, forwards, and raw test input. */
  async publishRecord(record: OutgoingRecord): Promise<void> {
    this.assertCanPublish();
    await this.bounded(`publishing to ${record.topic}`, (async () => {
      await this.topics.ensure(record.topic);
      await this.batcher.publish(record);
    })());
  }

  async subscribe(topic: string, group: string, handle: DeliveryHandler, options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    checkSubscribeOptions(options);
    const start = resolveStartPosition(options.start);
    const { options: o, kafka, logger } = this.parts;
    await this.bounded(`subscribing to ${topic}`, this.topics.ensure(topic));
    await this.bounded(`placing group ${group} on ${topic} at ${start.from}`, placeNewGroup(this.parts.admin, group, topic, start));
    const subscription = new KafkaSubscription({
      kafka, logger, publish: (record) => this.publishRecord(record), readCommitted: this.readCommitted,
      maxMessageBytes: this.capabilities.maxMessageBytes,
      consumer: { ...this.consumerTimings(), maxBuffered: o.maxBufferedMessages },
    }, topic, group, handle, options);
    this.subscriptions.add(subscription);
    try {
      await Promise.all([subscription.start(), this.startForwarder()]);
    } catch (error) {
      this.subscriptions.delete(subscription);
      await subscription.close();
      throw error;
    }
    void subscription.stopped.then(() => this.subscriptions.delete(subscription));
    return {
      stopped: subscription.stopped,
      close: async () => {
        await subscription.close();
        this.subscriptions.delete(subscription);
      },
    };
  }

  close(): Promise<void> {
    return (this.closing ??= this.shutdown());
  }

  private readonly readCommitted = async (groupId: string, topic: string): Promise<ReadonlyMap<number, string | null>> => {
    const [offsets] = await this.bounded(`reading the offsets of ${groupId}`, this.parts.admin.fetchOffsets({ groupId, topics: [topic] }));
    return new Map((offsets?.partitions ?? []).map((p) => [p.partition, p.metadata]));
  };

  private async shutdown(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.subscriptions.clear();
    await this.forwarder?.release();
    this.producerClosed = true;
    await this.parts.producer.disconnect().catch(() => undefined);
    await this.parts.admin.disconnect().catch(() => undefined);
  }

  /** Takes a lease on this process's delay forwarder once (unless disabled); resolves once it has joined. */
  private startForwarder(): Promise<void> {
    const { options, kafka, logger } = this.parts;
    if (!options.runDelayForwarder) return Promise.resolve();
    if (!this.forwarder) {
      const lease = leaseForwarder({ kafka, options, logger, consumer: this.consumerTimings() });
      this.forwarder = lease;
      lease.ready.catch((error: unknown) => {
        logger.error({ error: String(error) }, 'kafka delay forwarder did not start; will try again on the next subscribe');
        if (this.forwarder === lease) this.forwarder = undefined;
        void lease.release();
      });
    }
    return this.forwarder.ready;
  }

  private consumerTimings() {
    const o = this.parts.options;
    return {
      sessionTimeoutMs: o.sessionTimeoutMs, heartbeatIntervalMs: o.heartbeatIntervalMs, rebalanceTimeoutMs: o.rebalanceTimeoutMs,
      fetchMaxWaitMs: o.fetchMaxWaitMs, commitIntervalMs: o.commitIntervalMs, operationTimeoutMs: o.operationTimeoutMs,
      ...(o.groupInstanceId !== undefined ? { groupInstanceId: o.groupInstanceId } : {}),
    };
  }

  private async bounded<T>(what: string, operation: Promise<T>): Promise<T> {
    try {
      return await withTimeout(what, this.parts.options.operationTimeoutMs, operation);
    } catch (error) {
      throw toTransportError(what, error);
    }
  }

  private assertCanPublish(): void {
    if (this.producerClosed) throw new ClosedError('kafka transport');
  }

  private assertOpen(): void {
    if (this.closing) throw new ClosedError('kafka transport');
  }
}

const checkSubscribeOptions = (options: SubscribeOptions): void => {
  const positive = (field: 'concurrency' | 'maxDeliveries', value: number | undefined) => {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new ConfigError(`subscribe.${field}`, 'integer ≥ 1', value);
  };
  positive('concurrency', options.concurrency);
  positive('maxDeliveries', options.maxDeliveries);
  if (options.redeliveryDelayMs !== undefined && !(options.redeliveryDelayMs >= 0)) {
    throw new ConfigError('subscribe.redeliveryDelayMs', 'number ≥ 0', options.redeliveryDelayMs);
  }
};
