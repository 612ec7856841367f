/**
 * CLOSE_CONSUMER: detach a consumer; its unacknowledged messages go back to the subscription. Either side
 * may send it.
 *
 *   client → CLOSE_CONSUMER { consumer_id, request_id }  ;  broker → SUCCESS { request_id } | ERROR
 *   broker → CLOSE_CONSUMER { consumer_id, request_id }  (topic unloaded or moved: the client resubscribes)
 */
import { type BaseCommand, CommandType, type Uint64 } from '../proto/pulsar-api.types';

export const closeConsumerCommand = (consumerId: Uint64, requestId: Uint64): BaseCommand => ({
  type: CommandType.CLOSE_CONSUMER,
  closeConsumer: { consumerId, requestId },
});
