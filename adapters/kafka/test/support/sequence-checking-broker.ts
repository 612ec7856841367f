import type { ProducerBatch } from 'kafkajs';

/** A produce error as kafkajs reports it: its protocol error type and whether kafkajs would retry it. */
export class FakeProduceError extends Error {
  constructor(readonly type: string, readonly retriable: boolean) {
    super(type);
  }
}

interface PartitionState {
  /** Last sequence number appended per producer id. */
  readonly lastSequence: Map<number, number>;
  records: number;
}

/**
 * The part of a Kafka broker an idempotent producer meets: one partition per topic, each checking the
 * sequence numbers of every producer id (a batch must start right after the last one appended; the same
 * batch again is acknowledged as a duplicate, as a real broker does: by its sequence numbers alone).
 * `crashAfterNextAppend()` appends the next batch but fails its request, as when the broker goes down after
 * the append and before its answer reached the client; it then refuses every request until `restart()`.
 */
export class SequenceCheckingBroker {
  private readonly partitions = new Map<string, PartitionState>();
  private nextProducerId = 1000;
  private crashing = false;
  private down = false;
  readonly outOfOrder: string[] = [];

  initProducerId(): number {
    return this.nextProducerId++;
  }

  crashAfterNextAppend(): void {
    this.crashing = true;
  }

  restart(): void {
    this.down = false;
  }

  /** Records appended to `topic`, duplicates not counted twice. */
  recordsIn(topic: string): number {
    return this.partitions.get(topic)?.records ?? 0;
  }

  produce(producerId: number, topic: string, firstSequence: number, count: number): void {
    if (this.down) throw new FakeProduceError('CONNECTION_REFUSED', true);
    let partition = this.partitions.get(topic);
    if (!partition) this.partitions.set(topic, (partition = { lastSequence: new Map(), records: 0 }));
    const last = partition.lastSequence.get(producerId) ?? -1;
    if (firstSequence + count - 1 === last) return; // the batch appended last, sent again
    if (firstSequence !== last + 1) {
      this.outOfOrder.push(`producer ${producerId} on ${topic}: got ${firstSequence}, expected ${last + 1}`);
      throw new FakeProduceError('OUT_OF_ORDER_SEQUENCE_NUMBER', false);
    }
    partition.lastSequence.set(producerId, last + count);
    partition.records += count;
    if (this.crashing) {
      this.crashing = false;
      this.down = true;
      throw new FakeProduceError('CONNECTION_CLOSED', true);
    }
  }
}

/**
 * A stand-in for kafkajs 2.2.4's idempotent producer, keeping what matters here
 * (node_modules/kafkajs/src/producer/sendMessages.js): a producer id from `connect`, a sequence number per
 * partition taken before each request and given back when the request throws, whether or not the broker
 * appended it, and a retriable error retried with the same records before `sendBatch` gives up.
 */
export const kafkajsLikeProducer = (broker: SequenceCheckingBroker, retries = 2) => {
  let producerId = -1;
  const sequence = new Map<string, number>();
  const sendOnce = (topic: string, count: number) => {
    const first = sequence.get(topic) ?? 0;
    sequence.set(topic, first + count);
    try {
      broker.produce(producerId, topic, first, count);
    } catch (error) {
      sequence.set(topic, first);
      throw error;
    }
  };
  return {
    connect: async () => {
      producerId = broker.initProducerId();
    },
    disconnect: async () => undefined,
    sendBatch: async ({ topicMessages = [] }: ProducerBatch) => {
      for (const { topic, messages } of topicMessages) {
        for (let attempt = 0; ; attempt++) {
          try {
            sendOnce(topic, messages.length);
            break;
          } catch (error) {
            if (!(error instanceof FakeProduceError && error.retriable) || attempt >= retries) throw error;
          }
        }
      }
      return [];
    },
  };
};
