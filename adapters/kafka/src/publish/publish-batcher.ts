import type { IHeaders, TopicMessages } from 'kafkajs';
import type { RenewingProducer } from './renewing-producer';

/** One record to publish. */
export interface OutgoingRecord {
  readonly topic: string;
  readonly key?: string;
  readonly value: Buffer;
  readonly headers?: IHeaders;
}

interface Pending {
  readonly record: OutgoingRecord;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Bytes one flush carries at most; the broker refuses record batches over `message.max.bytes` (1 MB). */
const MAX_FLUSH_BYTES = 512 * 1024;

/**
 * Coalesces concurrent publishes into one `sendBatch` and keeps one batch in flight at a time: kafkajs does
 * not batch across `send` calls, and the idempotent producer must not have two requests racing per
 * partition. Under load the next batch fills while the previous one is on the wire.
 */
export class PublishBatcher {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly producer: Pick<RenewingProducer, 'sendBatch'>) {}

  /** Resolves once the broker acknowledged the record (acks from all in-sync replicas). */
  publish(record: OutgoingRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.take();
      try {
        await this.producer.sendBatch({ topicMessages: group(batch), acks: -1 });
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.flushing = false;
  }

  private take(): Pending[] {
    let bytes = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || bytes + this.queue[count]!.record.value.length <= MAX_FLUSH_BYTES)) {
      bytes += this.queue[count]!.record.value.length;
      count++;
    }
    return this.queue.splice(0, count);
  }
}

const group = (batch: Pending[]): TopicMessages[] => {
  const byTopic = new Map<string, TopicMessages>();
  for (const { record } of batch) {
    let entry = byTopic.get(record.topic);
    if (!entry) byTopic.set(record.topic, (entry = { topic: record.topic, messages: [] }));
    entry.messages.push({ key: record.key ?? null, value: record.value, ...(record.headers ? { headers: record.headers } : {}) });
  }
  return [...byTopic.values()];
};
