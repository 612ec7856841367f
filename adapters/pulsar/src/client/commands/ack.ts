/**
 * ACK: acknowledge messages on a subscription.
 *
 *   client → ACK { consumer_id, ack_type: Individual, message_id: [MessageIdData...] }   (no response without request_id)
 *
 * An individual ack of an entry acknowledges all of its batch; this client acks an entry once every message of
 * its batch is acknowledged.
 */
import { type BaseCommand, CommandType, type MessageIdData, type Uint64 } from '../proto/pulsar-api.types';

const INDIVIDUAL = 0;

export const ackCommand = (consumerId: Uint64, messageIds: MessageIdData[]): BaseCommand => ({
  type: CommandType.ACK,
  ack: { consumerId, ackType: INDIVIDUAL, messageId: messageIds },
});
