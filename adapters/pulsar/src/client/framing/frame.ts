/**
 * The two frame shapes of Pulsar's binary protocol (all integers big-endian):
 *
 *   simple:  [totalSize u32][commandSize u32][BaseCommand]
 *   payload: [totalSize u32][commandSize u32][BaseCommand]
 *            [magic 0x0e01 u16][CRC-32C u32][metadataSize u32][MessageMetadata][payload]
 *
 * `totalSize` counts every byte after itself; the CRC-32C covers everything after the checksum field
 * (metadataSize, metadata, payload). A broker may put broker-entry metadata in front of the checksum part:
 * [magic 0x0e02 u16][size u32][BrokerEntryMetadata]; this client skips it.
 */
import type { BaseCommand, MessageMetadata } from '../proto/pulsar-api.types';

export const MAGIC_CRC32C = 0x0e01;
export const MAGIC_BROKER_ENTRY_METADATA = 0x0e02;
/** Pulsar's default largest message (`maxMessageSize` in CONNECTED overrides it per connection). */
export const DEFAULT_MAX_MESSAGE_BYTES = 5 * 1024 * 1024;
/** Pulsar's default largest message plus room for the command and metadata. */
export const DEFAULT_MAX_FRAME_BYTES = DEFAULT_MAX_MESSAGE_BYTES + 64 * 1024;
/** The largest frame to read when messages of up to `maxMessageBytes` may come: never below the default. */
export const maxFrameBytesFor = (maxMessageBytes: number): number =>
  Math.max(DEFAULT_MAX_FRAME_BYTES, maxMessageBytes + DEFAULT_MAX_FRAME_BYTES - DEFAULT_MAX_MESSAGE_BYTES);
/** Room a payload leaves under the broker's `max_message_size` for the frame's command and metadata. */
export const FRAME_HEADROOM_BYTES = 16 * 1024;

/** One frame as read off the wire. `metadata` and `payload` are present only on payload frames. */
export interface Frame {
  readonly command: BaseCommand;
  readonly metadata?: MessageMetadata;
  readonly payload?: Uint8Array;
  /** The raw metadata bytes, for splitting batches and for tests. */
  readonly metadataBytes?: Uint8Array;
}
