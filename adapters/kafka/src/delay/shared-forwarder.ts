import type { Kafka } from 'kafkajs';
import type { GroupConsumerOptions } from '../consume/group-consumer';
import type { KafkaTransportOptions } from '../kafka-transport.options';
import { PublishBatcher } from '../publish/publish-batcher';
import { idempotentProducer, RenewingProducer } from '../publish/renewing-producer';
import type { KafkaLogger } from '../support/kafka-logger';
import { toTransportError } from '../support/to-transport-error';
import { withTimeout } from '../support/with-timeout';
import { TopicAdmin } from '../topics/topic-admin';
import { DELAY_BUCKETS, delayTopic } from './delay-buckets';
import { DelayForwarder } from './delay-forwarder';
import { delayDeadLetterTopic } from './delay-target';

/** A use of the process's forwarder by one transport. */
export interface ForwarderLease {
  /** Resolves once the forwarder has joined its group; rejects if it could not start. */
  readonly ready: Promise<void>;
  /** Gives the lease back; the last one closes the forwarder. */
  release(): Promise<void>;
}

interface Entry {
  refs: number;
  readonly running: Promise<{ close(): Promise<void> }>;
}

/** What starting a forwarder needs from the transport that first asks for it. */
export interface ForwarderSource {
  readonly kafka: Kafka;
  readonly options: KafkaTransportOptions;
  readonly consumer: Omit<GroupConsumerOptions, 'groupId' | 'topics' | 'fromBeginning' | 'maxBuffered'>;
  readonly logger: KafkaLogger;
}

const registry = new Map<string, Entry>();

/**
 * Every transport of a process with the same brokers, delay topics and forwarder group shares one
 * forwarder (with its own producer, so it outlives the transport that started it): one group member per
 * process instead of one per transport, so opening and closing transports does not rebalance the
 * forwarders' group each time.
 */
export const leaseForwarder = (source: ForwarderSource): ForwarderLease => {
  const { options } = source;
  const key = [options.brokers.join(','), options.delayTopicPrefix, options.delayForwarderGroup].join('\u0000');
  let entry = registry.get(key);
  if (!entry) {
    const running = startForwarder(source);
    const created: Entry = { refs: 0, running };
    registry.set(key, created);
    running.catch(() => {
      if (registry.get(key) === created) registry.delete(key);
    });
    entry = created;
  }
  entry.refs++;
  const held = entry;
  let released = false;
  return {
    ready: held.running.then(() => undefined),
    release: async () => {
      if (released) return;
      released = true;
      if (--held.refs > 0) return;
      if (registry.get(key) === held) registry.delete(key);
      const running = await held.running.catch(() => undefined);
      await running?.close();
    },
  };
};

const startForwarder = async (source: ForwarderSource): Promise<{ close(): Promise<void> }> => {
  const { kafka, options, logger } = source;
  const admin = kafka.admin();
  const producer = new RenewingProducer(() => idempotentProducer(kafka), logger);
  const disconnect = () => Promise.allSettled([producer.disconnect(), admin.disconnect()]);
  try {
    await withTimeout('connecting the delay forwarder', options.operationTimeoutMs, Promise.all([admin.connect(), producer.connect()]));
    const topics = new TopicAdmin(admin, options);
    const batcher = new PublishBatcher(producer);
    await Promise.all(DELAY_BUCKETS.map((b) => topics.ensure(delayTopic(options.delayTopicPrefix, b))));
    const forwarder = new DelayForwarder({
      kafka, logger, prefix: options.delayTopicPrefix, group: options.delayForwarderGroup, maxHeld: options.maxHeldDelayedMessages,
      consumer: source.consumer, deadLetterTopic: delayDeadLetterTopic(options.delayTopicPrefix), maxMessageBytes: options.maxMessageBytes,
      publish: (record) => withTimeout(`forwarding to ${record.topic}`, options.operationTimeoutMs, (async () => {
        await topics.ensure(record.topic);
        await batcher.publish(record);
      })()),
    });
    await forwarder.start();
    return {
      close: async () => {
        await forwarder.close();
        await disconnect();
      },
    };
  } catch (error) {
    await disconnect();
    throw toTransportError('starting the delay forwarder', error);
  }
};
