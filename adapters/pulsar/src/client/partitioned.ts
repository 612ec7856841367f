/**
 * Partitioned topics: a topic with N partitions is N topics `<topic>-partition-<i>`. A producer keeps one
 * producer per partition and routes by key the way Pulsar's Java client does by default (Java
 * `String.hashCode` of the key, sign-safe modulo N), so both clients put a key on the same partition; keyless
 * messages go round-robin. A consumer keeps one consumer per partition on the same subscription.
 */
import type { ClientContext } from './client-context';
import type { OutgoingMessage } from './commands/send';
import { Consumer, type ConsumerMessage, type ConsumerOptions } from './consumer';
import type { MessageId } from './message-id';
import { Producer, type ProducerOptions } from './producer';
import type { TopicConsumer, TopicProducer } from './topic-handles';

/** The name of partition `index` of `topic`. */
export const partitionTopic = (topic: string, index: number): string => `${topic}-partition-${index}`;

/** Java's `String.hashCode`: 31-based over UTF-16 code units, as a signed 32-bit integer. */
export const javaStringHash = (s: string): number => {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
};

/** The partition Pulsar's default router picks for `key`. */
export const partitionForKey = (key: string, partitions: number): number => {
  const r = javaStringHash(key) % partitions;
  return r < 0 ? r + partitions : r;
};

export class PartitionedProducer implements TopicProducer {
  private next = 0;
  private constructor(readonly topic: string, private readonly producers: Producer[]) {}

  static async create(ctx: ClientContext, topic: string, partitions: number, o: ProducerOptions): Promise<PartitionedProducer> {
    const producers: Producer[] = [];
    try {
      for (let i = 0; i < partitions; i++) producers.push(await Producer.create(ctx, partitionTopic(topic, i), o));
    } catch (error) {
      await Promise.all(producers.map((p) => p.close()));
      throw error;
    }
    return new PartitionedProducer(topic, producers);
  }

  async send(message: OutgoingMessage): Promise<MessageId> {
    const n = this.producers.length;
    const index = message.key === undefined ? this.next++ % n : partitionForKey(message.key, n);
    return { ...(await this.producers[index]!.send(message)), partition: index };
  }

  flushBatches(): void {
    for (const p of this.producers) p.flushBatches();
  }

  async close(): Promise<void> {
    await Promise.all(this.producers.map((p) => p.close()));
  }
}

export class PartitionedConsumer implements TopicConsumer {
  private constructor(readonly topic: string, private readonly byTopic: Map<string, Consumer>) {}

  static async create(ctx: ClientContext, o: ConsumerOptions, partitions: number): Promise<PartitionedConsumer> {
    const byTopic = new Map<string, Consumer>();
    try {
      for (let i = 0; i < partitions; i++) {
        const topic = partitionTopic(o.topic, i);
        byTopic.set(topic, await Consumer.create(ctx, { ...o, topic }));
      }
    } catch (error) {
      await Promise.all([...byTopic.values()].map((c) => c.close()));
      throw error;
    }
    return new PartitionedConsumer(o.topic, byTopic);
  }

  ack(message: ConsumerMessage): void {
    this.byTopic.get(message.topic)?.ack(message);
  }

  negativeAck(message: ConsumerMessage): void {
    this.byTopic.get(message.topic)?.negativeAck(message);
  }

  async close(): Promise<void> {
    await Promise.all([...this.byTopic.values()].map((c) => c.close()));
  }
}
