/**
 * MESSAGE: the broker pushes a message to a consumer that has permits, as a payload frame.
 *
 *   broker → MESSAGE { consumer_id, message_id { ledgerId, entryId, partition }, redelivery_count }
 *                    + MessageMetadata + payload
 *
 * When `MessageMetadata.num_messages_in_batch` is set the payload is a batch:
 * [singleMetadataSize u32][SingleMessageMetadata][payload] repeated; each entry gets `batch_index` i.
 */
import { decompressPayload } from '../compression/decompress';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../framing/frame';
import { decodeSingleMessageMetadata } from '../proto/pulsar-api.codec';
import type { KeyValue, MessageIdData, MessageMetadata } from '../proto/pulsar-api.types';
import { toNumber } from '../proto/pulsar-api.types';
import { UndecodableEntryError } from './undecodable-entry-error';

/** One message as a consumer sees it (a batch is split into several). */
export interface IncomingMessage {
  readonly messageId: MessageIdData;
  readonly payload: Uint8Array;
  readonly key?: string;
  readonly orderingKey?: string;
  readonly properties: Readonly<Record<string, string>>;
  /** How many times the broker delivered it before (0 on the first delivery). */
  readonly redeliveryCount: number;
  readonly publishTime: number;
  readonly eventTime?: number;
  /** Size of the batch this message came in, 1 when unbatched. */
  readonly batchSize: number;
}

const props = (kvs: KeyValue[] | undefined): Record<string, string> =>
  Object.fromEntries((kvs ?? []).map(({ key, value }) => [key, value]));
const text = (bytes: Uint8Array | undefined): string | undefined =>
  bytes && bytes.length > 0 ? Buffer.from(bytes).toString('utf8') : undefined;
const optionalString = (s: string | undefined): string | undefined => (s ? s : undefined);

/** Set on a message this client could not take apart (unsupported compression, a batch that does not parse):
 *  it comes through whole, as the broker stored it, so the caller can dead-letter it and acknowledge the entry
 *  instead of receiving it again and again. */
export const UNDECODABLE_PROPERTY = 'pulsar-client-ts-undecodable';

/**
 * Turns one MESSAGE frame into the messages it carries: the payload decompressed (to at most `maxMessageBytes`,
 * the broker's message size limit), a batch split.
 */
export const splitMessage = (
  messageId: MessageIdData, redeliveryCount: number, metadata: MessageMetadata, stored: Uint8Array,
  maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
): IncomingMessage[] => {
  const base = { redeliveryCount, publishTime: toNumber(metadata.publishTime) };
  const whole = (reason: string): IncomingMessage[] => [{
    ...base, messageId, payload: stored, batchSize: 1,
    properties: { ...props(metadata.properties), [UNDECODABLE_PROPERTY]: reason },
    ...withOptional('key', optionalString(metadata.partitionKey)),
  }];
  try {
    const uncompressedSize = hasField(metadata, 'uncompressedSize') ? metadata.uncompressedSize : undefined;
    const payload = decompressPayload(metadata.compression ?? 0, stored, uncompressedSize, maxMessageBytes);
    return hasField(metadata, 'numMessagesInBatch') ? splitBatch(base, messageId, metadata, payload) : [{
      ...base, messageId, payload, properties: props(metadata.properties), batchSize: 1,
      ...withOptional('key', optionalString(metadata.partitionKey)),
      ...withOptional('orderingKey', text(metadata.orderingKey)),
      ...withOptional('eventTime', toNumber(metadata.eventTime) || undefined),
    }];
  } catch (error) {
    return whole(error instanceof UndecodableEntryError ? error.reason : (error as Error).message);
  }
};

/** The smallest batch entry: a 4-byte size and a SingleMessageMetadata holding only its required
 *  `payload_size` (one tag byte, one varint byte), with an empty payload. */
const MIN_BATCH_ENTRY_BYTES = 6;

const splitBatch = (
  base: { redeliveryCount: number; publishTime: number }, messageId: MessageIdData, metadata: MessageMetadata, payload: Uint8Array,
): IncomingMessage[] => {
  const batch = metadata.numMessagesInBatch ?? 1;
  // Checked before reading anything, so a count the payload cannot hold costs nothing.
  if (!Number.isInteger(batch) || batch < 0) throw new UndecodableEntryError(`batch of ${batch} entries`);
  if (batch * MIN_BATCH_ENTRY_BYTES > payload.length) throw new UndecodableEntryError(`${batch} batch entries cannot fit in ${payload.length} bytes`);
  const out: IncomingMessage[] = [];
  const buf = Buffer.from(payload.buffer, payload.byteOffset, payload.length);
  let at = 0;
  // Every size read is checked against what is left, so each entry lies inside the payload and `at` only grows.
  for (let i = 0; i < batch; i++) {
    if (buf.length - at < 4) throw new UndecodableEntryError(`batch entry ${i} of ${batch} truncated`);
    const size = buf.readUInt32BE(at);
    at += 4;
    if (buf.length - at < size) throw new UndecodableEntryError(`batch entry ${i} of ${batch} truncated`);
    const single = decodeSingleMessageMetadata(buf.subarray(at, at + size));
    at += size;
    const payloadSize = single.payloadSize;
    if (!Number.isInteger(payloadSize) || payloadSize < 0) throw new UndecodableEntryError(`batch entry ${i} of ${batch}: payload size ${payloadSize}`);
    if (buf.length - at < payloadSize) throw new UndecodableEntryError(`batch entry ${i} of ${batch} truncated`);
    const body = buf.subarray(at, at + payloadSize);
    at += payloadSize;
    if (single.compactedOut) continue;
    out.push({
      ...base, payload: body, properties: props(single.properties), batchSize: batch,
      messageId: { ledgerId: messageId.ledgerId, entryId: messageId.entryId, partition: messageId.partition ?? -1, batchIndex: i, batchSize: batch },
      ...withOptional('key', optionalString(single.partitionKey)),
      ...withOptional('orderingKey', text(single.orderingKey)),
      ...withOptional('eventTime', toNumber(single.eventTime) || undefined),
    });
  }
  return out;
};

const withOptional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

const hasField = (message: object, field: string): boolean => Object.prototype.hasOwnProperty.call(message, field);
