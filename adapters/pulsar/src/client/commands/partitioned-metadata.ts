/**
 * PARTITIONED_METADATA: how many partitions a topic has (0 = not partitioned).
 *
 *   client → PARTITIONED_METADATA          { topic, request_id }
 *   broker → PARTITIONED_METADATA_RESPONSE { request_id, partitions } | { request_id, response: Failed, error, message }
 */
import { type BaseCommand, CommandType, type Uint64 } from '../proto/pulsar-api.types';

export const partitionedMetadataCommand = (topic: string, requestId: Uint64): BaseCommand => ({
  type: CommandType.PARTITIONED_METADATA,
  partitionMetadata: { topic, requestId },
});
