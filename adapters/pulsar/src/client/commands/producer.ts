/**
 * PRODUCER: attach a producer to a topic on the broker that owns it.
 *
 *   client → PRODUCER         { topic, producer_id, request_id, [producer_name, user_provided_producer_name] }
 *   broker → PRODUCER_SUCCESS { request_id, producer_name, last_sequence_id }
 *          | ERROR            { request_id, error, message }   (e.g. TopicNotFound, ProducerBusy, ServiceNotReady)
 *
 * `producer_id` is chosen by the client, unique per connection; the broker names the producer when we don't.
 */
import { type BaseCommand, CommandType, type Uint64 } from '../proto/pulsar-api.types';

export const producerCommand = (topic: string, producerId: Uint64, requestId: Uint64, producerName?: string): BaseCommand => ({
  type: CommandType.PRODUCER,
  producer: {
    topic, producerId, requestId,
    ...(producerName === undefined ? {} : { producerName, userProvidedProducerName: false }),
  },
});
