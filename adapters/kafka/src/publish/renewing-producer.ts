import { ClosedError } from '@cadenza/core';
import type { Kafka, ProducerBatch } from 'kafkajs';
import type { KafkaLogger } from '../support/kafka-logger';
import { stablePartitioner } from './stable-partitioner';

/** The part of a kafkajs producer the adapter uses. */
export interface BatchProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  sendBatch(batch: ProducerBatch): Promise<unknown>;
}

/**
 * kafkajs's idempotent producer as the adapter configures it: one request in flight, and records placed
 * the same way on every retry ({@link stablePartitioner}).
 */
export const idempotentProducer = (kafka: Kafka): BatchProducer => kafka.producer({
  idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: stablePartitioner,
});

interface Current {
  readonly producer: BatchProducer;
  readonly connected: Promise<void>;
}

/**
 * An idempotent producer that is replaced by a new one (a new producer id, sequence numbers from 0) after
 * every send that failed.
 *
 * Why: kafkajs 2.2.4 takes a sequence number per partition before a produce request and gives it back when
 * the request throws, whether or not the broker appended the batch: when the connection closes after the
 * append (a broker restart), when the request times out, or when another partition of the same request
 * failed. Its own retries send the same records again, which the broker takes as a duplicate; but once
 * `sendBatch` has rejected, the next batch reuses those sequence numbers for other records. The broker then
 * refuses every later batch on that partition with OUT_OF_ORDER_SEQUENCE_NUMBER, which kafkajs never
 * retries and never recovers from (it does not re-initialise its producer id), or, when the new batch has
 * as many records as the lost one, acknowledges it as a duplicate without storing it. A new producer id
 * starts a sequence the broker has not seen, so neither can happen; what the failed send may have appended
 * is at worst a duplicate, which at-least-once delivery allows.
 */
export class RenewingProducer {
  private current: Current | undefined;
  private closed = false;

  constructor(private readonly create: () => BatchProducer, private readonly logger: KafkaLogger) {}

  /** Connects the first producer; rejects if it cannot (the next send tries again). */
  async connect(): Promise<void> {
    await this.connected().connected;
  }

  /** Sends on the current producer; after a failure, the next send goes through a new one. */
  async sendBatch(batch: ProducerBatch): Promise<void> {
    const current = this.connected();
    await current.connected;
    try {
      await current.producer.sendBatch(batch);
    } catch (error) {
      this.retire(current, 'a send failed; its sequence numbers may no longer match the broker\'s', error);
      throw error;
    }
  }

  /** Disconnects the current producer; sends after it fail. */
  async disconnect(): Promise<void> {
    this.closed = true;
    const current = this.current;
    this.current = undefined;
    await current?.producer.disconnect().catch(() => undefined);
  }

  private connected(): Current {
    if (this.closed) throw new ClosedError('kafka producer');
    if (!this.current) {
      const producer = this.create();
      const current: Current = { producer, connected: producer.connect() };
      current.connected.catch((error: unknown) => this.retire(current, 'connecting failed', error));
      this.current = current;
    }
    return this.current;
  }

  private retire(current: Current, why: string, error: unknown): void {
    if (this.current !== current) return;
    this.current = undefined;
    this.logger.warn({ error: String(error) }, `kafka producer replaced: ${why}`);
    void current.producer.disconnect().catch(() => undefined);
  }
}
