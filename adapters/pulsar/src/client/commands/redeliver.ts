/**
 * REDELIVER_UNACKNOWLEDGED_MESSAGES: the negative acknowledgement.
 *
 *   client → REDELIVER_UNACKNOWLEDGED_MESSAGES { consumer_id, message_ids: [MessageIdData...] }   (no response)
 *
 * On Shared and Key_Shared subscriptions the broker redelivers just those messages, with `redelivery_count`
 * one higher; with no ids it redelivers everything unacknowledged.
 */
import { type BaseCommand, CommandType, type MessageIdData, type Uint64 } from '../proto/pulsar-api.types';

export const redeliverCommand = (consumerId: Uint64, messageIds: MessageIdData[]): BaseCommand => ({
  type: CommandType.REDELIVER_UNACKNOWLEDGED_MESSAGES,
  redeliverUnacknowledgedMessages: { consumerId, messageIds },
});
