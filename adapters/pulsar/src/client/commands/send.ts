/**
 * SEND: publish one message (or one batch) as a payload frame.
 *
 *   client → SEND         { producer_id, sequence_id, num_messages } + MessageMetadata + payload
 *                         MessageMetadata { producer_name, sequence_id, publish_time, partition_key, ordering_key,
 *                                           deliver_at_time, properties, num_messages_in_batch }
 *   broker → SEND_RECEIPT { producer_id, sequence_id, message_id { ledgerId, entryId } }
 *          | SEND_ERROR   { producer_id, sequence_id, error, message }
 *
 * Receipts come back in sequence order per producer. A batch is one SEND whose payload is
 * [singleMetadataSize u32][SingleMessageMetadata][payload] repeated `num_messages_in_batch` times.
 */
import { encodeMessageMetadata, encodeSingleMessageMetadata } from '../proto/pulsar-api.codec';
import { type BaseCommand, CommandType, type KeyValue, type MessageMetadata } from '../proto/pulsar-api.types';

/** What a caller publishes. */
export interface OutgoingMessage {
  readonly payload: Uint8Array;
  /** Routing key: picks the partition and, on Key_Shared subscriptions, the consumer. */
  readonly key?: string;
  /** Key_Shared ordering key, when it differs from `key`. */
  readonly orderingKey?: string;
  /** Earliest delivery time, ms since epoch; honoured by the broker on Shared subscriptions only. */
  readonly deliverAt?: number;
  readonly properties?: Readonly<Record<string, string>>;
  /** Event time, ms since epoch. */
  readonly eventTime?: number;
}

export const sendCommand = (producerId: number, sequenceId: number, numMessages = 1): BaseCommand => ({
  type: CommandType.SEND,
  send: { producerId, sequenceId, ...(numMessages === 1 ? {} : { numMessages }) },
});

const properties = (p: Readonly<Record<string, string>> | undefined): KeyValue[] | undefined =>
  p === undefined ? undefined : Object.entries(p).map(([key, value]) => ({ key, value }));

/** The metadata of a single (unbatched) message. */
export const messageMetadata = (producerName: string, sequenceId: number, publishTime: number, m: OutgoingMessage): MessageMetadata => ({
  producerName, sequenceId, publishTime,
  ...(m.key === undefined ? {} : { partitionKey: m.key }),
  ...(m.orderingKey === undefined ? {} : { orderingKey: Buffer.from(m.orderingKey) }),
  ...(m.deliverAt === undefined ? {} : { deliverAtTime: m.deliverAt }),
  ...(m.eventTime === undefined ? {} : { eventTime: m.eventTime }),
  ...(m.properties === undefined ? {} : { properties: properties(m.properties)! }),
});

export const encodeSendMetadata = (metadata: MessageMetadata): Uint8Array => encodeMessageMetadata(metadata);

/** The payload of a batch: each message prefixed by its size-delimited SingleMessageMetadata. */
export const encodeBatchPayload = (messages: readonly OutgoingMessage[]): Buffer =>
  Buffer.concat(messages.flatMap((m) => {
    const single = encodeSingleMessageMetadata({
      payloadSize: m.payload.length,
      ...(m.key === undefined ? {} : { partitionKey: m.key }),
      ...(m.orderingKey === undefined ? {} : { orderingKey: Buffer.from(m.orderingKey) }),
      ...(m.properties === undefined ? {} : { properties: properties(m.properties)! }),
      ...(m.eventTime === undefined ? {} : { eventTime: m.eventTime }),
    });
    const size = Buffer.allocUnsafe(4);
    size.writeUInt32BE(single.length, 0);
    return [size, Buffer.from(single.buffer, single.byteOffset, single.length), Buffer.from(m.payload.buffer, m.payload.byteOffset, m.payload.length)];
  }));
