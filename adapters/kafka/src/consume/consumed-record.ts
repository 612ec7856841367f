import type { IHeaders } from 'kafkajs';

/** A record as a {@link GroupConsumer} hands it on, tagged with the group generation it was read in. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | undefined;
  readonly value: Buffer;
  readonly headers: IHeaders | undefined;
  readonly generation: number;
  /** Earlier deliveries of this record that never ended (its process died), from the committed offset's
   *  metadata (see `crash-count.ts`); absent when there were none. */
  readonly priorDeliveries?: number;
}

/** Where a {@link GroupConsumer} sends records: a subscription's scheduler or the delay forwarder. */
export interface RecordSink {
  /** Takes a record; the sink calls `GroupConsumer.finish(record)` once it is done with it. */
  accept(record: ConsumedRecord): void;
  /** Records accepted and not finished; the consumer pauses fetching above its limit. */
  readonly buffered: number;
  /** The group rebalanced: drop what has not started, it will be read again from the committed offset. */
  reset(): void;
  /** Resolves once nothing runs (what is queued may stay queued). */
  idle(): Promise<void>;
  /** Start nothing more and resolve once nothing runs. */
  stop(): Promise<void>;
}
