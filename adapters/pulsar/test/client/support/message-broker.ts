import { type BaseCommand, CommandType, encodeCommand, encodeMessageMetadata, encodePayloadFrame, type Frame, LookupType, type MessageMetadata } from '../../../src/client';
import type { FakeBehaviour } from '../../support/fake-broker';

/** A MESSAGE frame for `consumerId` carrying entry `entryId` of ledger 1, encoded as a broker would. */
export const messageFrame = (consumerId: number, entryId: number, metadata: MessageMetadata, payload: Uint8Array): Buffer =>
  encodePayloadFrame({ type: CommandType.MESSAGE, message: { consumerId, messageId: { ledgerId: 1, entryId } } }, encodeMessageMetadata(metadata), payload);

/** A MESSAGE frame as {@link messageFrame} would make it, but with no magic number and no checksum. */
export const uncheckedMessageFrame = (consumerId: number, entryId: number, metadata: MessageMetadata, payload: Uint8Array): Buffer => {
  const cmd = encodeCommand({ type: CommandType.MESSAGE, message: { consumerId, messageId: { ledgerId: 1, entryId } } });
  const meta = encodeMessageMetadata(metadata);
  const frame = Buffer.alloc(4 + 4 + cmd.length + 4 + meta.length + payload.length);
  let at = frame.writeUInt32BE(frame.length - 4, 0);
  at = frame.writeUInt32BE(cmd.length, at);
  frame.set(cmd, at);
  at = frame.writeUInt32BE(meta.length, at + cmd.length);
  frame.set(meta, at);
  frame.set(payload, at + meta.length);
  return frame;
};

/** The answers that point every lookup of a non-partitioned topic at the fake broker itself; undefined for other commands. */
export const lookupHere = (f: Frame, url: string): BaseCommand[] | undefined => {
  const c = f.command;
  if (c.type === CommandType.PARTITIONED_METADATA) {
    return [{ type: CommandType.PARTITIONED_METADATA_RESPONSE, partitionMetadataResponse: { requestId: c.partitionMetadata!.requestId, partitions: 0 } }];
  }
  if (c.type === CommandType.LOOKUP) {
    return [{ type: CommandType.LOOKUP_RESPONSE, lookupTopicResponse: { requestId: c.lookupTopic!.requestId, response: LookupType.Connect, brokerServiceUrl: url } }];
  }
  return undefined;
};

/**
 * Serves one non-partitioned topic to a consumer: lookups point at this broker, SUBSCRIBE succeeds, and the
 * first FLOW is answered with `push(consumerId)`, the frames to deliver.
 */
export const messageBroker = (push: (consumerId: number) => Buffer[]): FakeBehaviour => {
  let pushed = false;
  return (f: Frame, url: string): (BaseCommand | Buffer)[] => {
    const lookup = lookupHere(f, url);
    if (lookup) return lookup;
    const c = f.command;
    switch (c.type) {
      case CommandType.SUBSCRIBE:
        return [{ type: CommandType.SUCCESS, success: { requestId: c.subscribe!.requestId } }];
      case CommandType.CLOSE_CONSUMER:
        return [{ type: CommandType.SUCCESS, success: { requestId: c.closeConsumer!.requestId } }];
      case CommandType.FLOW:
        if (pushed) return [];
        pushed = true;
        return push(Number(c.flow!.consumerId));
      default:
        return [];
    }
  };
};

/** The entry ids the broker was asked to acknowledge, in order. */
export const ackedEntries = (received: readonly Frame[]): number[] =>
  received.filter((f) => f.command.type === CommandType.ACK).flatMap((f) => f.command.ack!.messageId.map((id) => Number(id.entryId)));
