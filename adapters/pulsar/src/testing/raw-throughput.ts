/**
 * Raw Pulsar throughput with this package's client, no Cadenza on top: produce `messages` messages of
 * `sizeBytes` to a fresh topic (batched, by default) while one Shared consumer acknowledges them; returns messages per second
 * from the first send to the last receive. Used by the benchmarks package.
 */
import { randomUUID } from 'node:crypto';
import { createPulsarClient } from '../client/pulsar-client';

export interface RawThroughputOptions {
  /** @default 'pulsar://127.0.0.1:6650' */
  readonly serviceUrl?: string;
  /** @default 10_000 */
  readonly messages?: number;
  /** @default 1024 */
  readonly sizeBytes?: number;
  /** Producer batching (messages per broker entry); 1 sends each message as its own entry.
   *  @default 100, like Pulsar's Java client, which batches by default */
  readonly batchingMaxMessages?: number;
}

export interface RawThroughputResult {
  readonly messages: number;
  readonly sizeBytes: number;
  readonly seconds: number;
  readonly messagesPerSecond: number;
  readonly batchingMaxMessages: number;
}

export const measureRawPulsarThroughput = async (o: RawThroughputOptions = {}): Promise<RawThroughputResult> => {
  const serviceUrl = o.serviceUrl ?? 'pulsar://127.0.0.1:6650';
  const messages = o.messages ?? 10_000;
  const sizeBytes = o.sizeBytes ?? 1024;
  const batchingMaxMessages = o.batchingMaxMessages ?? 100;
  const client = createPulsarClient({ serviceUrl });
  try {
    const topic = `raw-throughput-${randomUUID().slice(0, 8)}`;
    let received = 0;
    let done!: () => void;
    const all = new Promise<void>((resolve) => (done = resolve));
    const consumer = await client.subscribe({
      topic, subscription: 'bench', subscriptionType: 'Shared', initialPosition: 'earliest', receiverQueueSize: 2000,
      onMessage: (m) => {
        consumer.ack(m);
        if (++received === messages) done();
      },
    });
    const producer = await client.createProducer(topic, { maxPendingMessages: 2000, batchingMaxMessages });
    const payload = Buffer.alloc(sizeBytes, 0x61);
    const started = process.hrtime.bigint();
    const sends: Array<Promise<unknown>> = [];
    for (let i = 0; i < messages; i++) sends.push(producer.send({ payload }));
    await Promise.all(sends);
    await all;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { messages, sizeBytes, seconds, messagesPerSecond: Math.round(messages / seconds), batchingMaxMessages };
  } finally {
    await client.close();
  }
};
