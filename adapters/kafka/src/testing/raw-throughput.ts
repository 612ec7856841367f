import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';

/** Options of {@link measureRawKafkaThroughput}. */
export interface RawThroughputOptions {
  readonly brokers: readonly string[];
  /** Messages to produce and then consume. */
  readonly messages: number;
  /** Size of each message value, in bytes. */
  readonly sizeBytes: number;
  /** Partitions of the scratch topic.
   *  @default 8 */
  readonly partitions?: number;
  /** Messages per `sendBatch` call.
   *  @default 500 */
  readonly batchSize?: number;
}

/** What {@link measureRawKafkaThroughput} measured; rates in messages per second. */
export interface RawThroughputResult {
  readonly messages: number;
  readonly sizeBytes: number;
  readonly produceMsgsPerSec: number;
  readonly consumeMsgsPerSec: number;
  /** From the first send to the last message consumed. */
  readonly endToEndMsgsPerSec: number;
}

/**
 * The baseline for Cadenza's Kafka benchmarks: plain kafkajs, no envelopes, no per-key scheduling. Produces
 * `messages` values of `sizeBytes` to a fresh topic in batches (acks from all replicas), then consumes them
 * with a fresh group, and deletes the topic.
 */
export const measureRawKafkaThroughput = async (options: RawThroughputOptions): Promise<RawThroughputResult> => {
  const { messages, sizeBytes, partitions = 8, batchSize = 500 } = options;
  const kafka = new Kafka({ clientId: 'cadenza-raw-bench', brokers: [...options.brokers], logLevel: logLevel.NOTHING });
  const topic = `cadenza-raw-bench-${process.pid}-${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: `${topic}-group`, maxWaitTimeInMs: 100 });
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    await producer.connect();
    const value = Buffer.alloc(sizeBytes, 'x');
    const started = process.hrtime.bigint();
    for (let sent = 0; sent < messages; sent += batchSize) {
      const count = Math.min(batchSize, messages - sent);
      await producer.send({ topic, acks: -1, messages: Array.from({ length: count }, (_, i) => ({ key: String(sent + i), value })) });
    }
    const produced = process.hrtime.bigint();
    let received = 0;
    let consumeStarted = 0n;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          if (consumeStarted === 0n) consumeStarted = process.hrtime.bigint();
          received += batch.messages.length;
          if (received >= messages) resolve();
        },
      });
    });
    await done;
    const consumed = process.hrtime.bigint();
    const perSec = (count: number, from: bigint, to: bigint) => Math.round(count / (Number(to - from) / 1e9));
    return {
      messages, sizeBytes,
      produceMsgsPerSec: perSec(messages, started, produced),
      consumeMsgsPerSec: perSec(messages, consumeStarted, consumed),
      endToEndMsgsPerSec: perSec(messages, started, consumed),
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
};
