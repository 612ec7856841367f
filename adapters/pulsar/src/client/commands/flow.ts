/**
 * FLOW: grant the broker permits to push that many more messages to a consumer.
 *
 *   client → FLOW { consumer_id, messagePermits }      (no response)
 *
 * One permit is one message, a batch counting as its number of messages.
 */
import { type BaseCommand, CommandType, type Uint64 } from '../proto/pulsar-api.types';

export const flowCommand = (consumerId: Uint64, messagePermits: number): BaseCommand => ({
  type: CommandType.FLOW,
  flow: { consumerId, messagePermits },
});
