/**
 * CLOSE_PRODUCER: detach a producer. Either side may send it.
 *
 *   client → CLOSE_PRODUCER { producer_id, request_id }  ;  broker → SUCCESS { request_id } | ERROR
 *   broker → CLOSE_PRODUCER { producer_id, request_id }  (topic unloaded or moved: the client reconnects it)
 */
import { type BaseCommand, CommandType, type Uint64 } from '../proto/pulsar-api.types';

export const closeProducerCommand = (producerId: Uint64, requestId: Uint64): BaseCommand => ({
  type: CommandType.CLOSE_PRODUCER,
  closeProducer: { producerId, requestId },
});
