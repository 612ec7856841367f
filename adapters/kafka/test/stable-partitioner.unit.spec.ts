import { expect } from 'chai';
import type { PartitionMetadata } from 'kafkajs';
import { stablePartitioner } from '../src/publish/stable-partitioner';

const partitionMetadata: PartitionMetadata[] = Array.from({ length: 8 }, (_, partitionId) => ({
  partitionErrorCode: 0, partitionId, leader: 1, replicas: [1], isr: [1],
}));
const partitionOf = (partition: ReturnType<typeof stablePartitioner>, value: string, key?: string) =>
  partition({ topic: 't', partitionMetadata, message: { value, ...(key !== undefined ? { key } : {}) } });

describe('stablePartitioner', () => {
  it('puts an unkeyed record on the same partition each time, so a retried batch is the same batch', () => {
    const partition = stablePartitioner();
    const first = Array.from({ length: 20 }, (_, i) => partitionOf(partition, `envelope ${i}`));
    const retried = Array.from({ length: 20 }, (_, i) => partitionOf(partition, `envelope ${i}`));
    expect(retried).to.deep.equal(first);
  });

  it('spreads unkeyed records over the partitions', () => {
    const partition = stablePartitioner();
    const used = new Set(Array.from({ length: 200 }, (_, i) => partitionOf(partition, `envelope ${i}`)));
    expect(used.size).to.equal(8);
  });

  it('places a keyed record by its key alone', () => {
    const partition = stablePartitioner();
    expect(partitionOf(partition, 'one', 'workflow-42')).to.equal(partitionOf(partition, 'other', 'workflow-42'));
  });
});
