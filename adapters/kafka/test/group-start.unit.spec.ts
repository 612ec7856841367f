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

  it('asks again when the broker answers with a retriable error (a new topic without its leader yet), and gives up on any other', async () => {
    let refusals = 1;
    const flaky = fakeAdmin({ 0: '-1' });
    const fetchTopicOffsets = flaky.admin.fetchTopicOffsets.bind(flaky.admin);
    flaky.admin.fetchTopicOffsets = (async (topic: string) => {
      if (refusals-- > 0) throw Object.assign(new Error('This server is not the leader for that topic-partition'), { retriable: true });
      return fetchTopicOffsets(topic);
    }) as Admin['fetchTopicOffsets'];
    await placeNewGroup(flaky.admin, 'g', 't', { from: 'latest' }, [0]);
    expect(flaky.set).to.deep.equal([{ groupId: 'g', topic: 't', partitions: [{ partition: 0, offset: '100' }] }]);

    const broken = fakeAdmin({ 0: '-1' }, async () => {
      throw Object.assign(new Error('not authorized'), { retriable: false });
    });
    const error = await placeNewGroup(broken.admin, 'g', 't', { from: 'latest' }, [0, 0]).then(() => undefined, (e: unknown) => e);
    expect(String(error)).to.contain('not authorized');
    expect(broken.calls.filter((call) => call === 'setOffsets')).to.have.length(1);

    const stuck = fakeAdmin({ 0: '-1' }, async () => {
      throw Object.assign(new Error('coordinator moving'), { retriable: true });
    });
    const gaveUp = await placeNewGroup(stuck.admin, 'g', 't', { from: 'latest' }, [0, 0]).then(() => undefined, (e: unknown) => e);
    expect(String(gaveUp)).to.contain('coordinator moving');
    expect(stuck.calls.filter((call) => call === 'setOffsets')).to.have.length(3);
  });
});
