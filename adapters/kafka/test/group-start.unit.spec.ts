import { expect } from 'chai';
import type { Admin } from 'kafkajs';
import { placeNewGroup } from '../src/consume/group-start';

/** An Admin that answers from tables and records what it was asked to commit. */
const fakeAdmin = (committed: Record<number, string>, setOffsets: (args: unknown) => Promise<void> = async () => undefined) => {
  const calls: string[] = [];
  const set: unknown[] = [];
  const partitions = Object.keys(committed).map(Number);
  const admin = {
    fetchOffsets: async () => {
      calls.push('fetchOffsets');
      return [{ topic: 't', partitions: partitions.map((partition) => ({ partition, offset: committed[partition]!, metadata: null })) }];
    },
    fetchTopicOffsets: async () => {
      calls.push('fetchTopicOffsets');
      return partitions.map((partition) => ({ partition, offset: String(100 + partition), high: String(100 + partition), low: '0' }));
    },
    fetchTopicOffsetsByTimestamp: async (_topic: string, time: number) => {
      calls.push(`fetchTopicOffsetsByTimestamp ${time}`);
      return partitions.map((partition) => ({ partition, offset: String(50 + partition) }));
    },
    setOffsets: async (args: unknown) => {
      calls.push('setOffsets');
      set.push(args);
      await setOffsets(args);
    },
  };
  return { admin: admin as unknown as Admin, calls, set };
};

describe('Kafka group start', () => {
  it('asks nothing of the broker for earliest: the consumer starts uncommitted partitions at their oldest record', async () => {
    const { admin, calls } = fakeAdmin({ 0: '-1' });
    await placeNewGroup(admin, 'g', 't', { from: 'earliest' });
    expect(calls).to.deep.equal([]);
  });

  it("commits latest or a time's offsets on every partition of a group that has no offset anywhere", async () => {
    const latest = fakeAdmin({ 0: '-1', 1: '-1', 2: '-1' });
    await placeNewGroup(latest.admin, 'g', 't', { from: 'latest' });
    expect(latest.set).to.deep.equal([{ groupId: 'g', topic: 't', partitions: [{ partition: 0, offset: '100' }, { partition: 1, offset: '101' }, { partition: 2, offset: '102' }] }]);
    const time = fakeAdmin({ 0: '-1', 1: '-1' });
    await placeNewGroup(time.admin, 'g', 't', { from: 'time', time: 1_234 });
    expect(time.calls).to.include('fetchTopicOffsetsByTimestamp 1234');
    expect(time.set).to.deep.equal([{ groupId: 'g', topic: 't', partitions: [{ partition: 0, offset: '50' }, { partition: 1, offset: '51' }] }]);
  });

  it('leaves a group with an offset on some partitions alone: its partitions that never got a record start at their oldest, nothing is skipped', async () => {
    // It ran with `earliest` and partition 1 never got a record, so kafkajs never committed it; now it restarts with `latest`.
    const { admin, calls, set } = fakeAdmin({ 0: '7', 1: '-1' });
    await placeNewGroup(admin, 'g', 't', { from: 'latest' });
    expect(set).to.deep.equal([]);
    expect(calls).to.deep.equal(['fetchOffsets']);
  });

  it('commits nothing for a group that has an offset on every partition', async () => {
    const { admin, calls } = fakeAdmin({ 0: '5', 1: '0' });
    await placeNewGroup(admin, 'g', 't', { from: 'latest' });
    expect(calls).to.deep.equal(['fetchOffsets']);
  });

  it('goes on when another process started the group meanwhile, and rejects on any other failure', async () => {
    const running = fakeAdmin({ 0: '-1' }, async () => {
      throw new Error('The consumer group must have no running instances, current state: Stable');
    });
    await placeNewGroup(running.admin, 'g', 't', { from: 'latest' });
    const broken = fakeAdmin({ 0: '-1' }, async () => {
      throw new Error('connection refused');
    });
    const error = await placeNewGroup(broken.admin, 'g', 't', { from: 'latest' }).then(() => undefined, (e: unknown) => e);
    expect(String(error)).to.contain('connection refused');
  });
});
