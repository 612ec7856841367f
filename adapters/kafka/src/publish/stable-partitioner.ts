import { type ICustomPartitioner, Partitioners } from 'kafkajs';

/**
 * kafkajs's default partitioner (murmur2 of the key, as the Java client), except that a record without a
 * key is placed by the hash of its value instead of round-robin.
 *
 * Why: kafkajs partitions a batch again on every retry of `sendBatch`. Round-robin then puts other records
 * on a partition under the sequence numbers of a batch the broker may already have appended (its answer
 * was lost), and the broker refuses the retry as out of order instead of acknowledging a duplicate. Placed
 * by their bytes, unkeyed records go where they went the first time, and the retry is the same batch.
 */
export const stablePartitioner: ICustomPartitioner = () => {
  const byKey = Partitioners.DefaultPartitioner();
  return (args) => {
    const { message } = args;
    if (message.partition !== undefined || (message.key !== undefined && message.key !== null) || message.value === null) return byKey(args);
    return byKey({ ...args, message: { ...message, key: message.value } });
  };
};
