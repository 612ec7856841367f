import { eventually } from '@cadenza/conformance';
import { expect } from 'chai';
import type { EachBatchPayload, Kafka } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { silentLogger } from '../src';
import type { ConsumedRecord, RecordSink } from '../src/consume/consumed-record';
import { GroupConsumer } from '../src/consume/group-consumer';

type Commit = Array<{ topic: string; partition: number; offset: string }>;

/** A kafkajs stand-in: `run` keeps the batch handler so a test can feed batches; commits are recorded. */
const fakeKafka = (commits: Commit[]) => {
  const handler: { eachBatch?: (payload: EachBatchPayload) => Promise<void> } = {};
  const kafka = {
    consumer: () => ({
      events: {}, on: () => undefined, connect: async () => undefined, subscribe: async () => undefined, disconnect: async () => undefined,
      pause: () => undefined, resume: () => undefined,
      run: async (o: { eachBatch: (payload: EachBatchPayload) => Promise<void> }) => void (handler.eachBatch = o.eachBatch),
      commitOffsets: async (offsets: Commit) => void commits.push(offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset }))),
    }),
  } as unknown as Kafka;
  return { kafka, handler };
};

/** A sink that only keeps what it was given; the test finishes records itself. */
const keepingSink = (): RecordSink & { records: ConsumedRecord[] } => {
  const records: ConsumedRecord[] = [];
  return { records, accept: (r) => void records.push(r), buffered: 0, reset: () => undefined, idle: async () => undefined, stop: async () => undefined };
};

const started = async (commitIntervalMs: number) => {
  const commits: Commit[] = [];
  const { kafka, handler } = fakeKafka(commits);
  const sink = keepingSink();
  const consumer = new GroupConsumer(kafka, {
    groupId: 'g', topics: ['t'], fromBeginning: true, maxBuffered: 1_000, sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1_000,
    rebalanceTimeoutMs: 20_000, fetchMaxWaitMs: 500, commitIntervalMs, operationTimeoutMs: 1_000,
  }, sink, silentLogger);
  await consumer.start();
  const messages = Array.from({ length: 6 }, (_, i) => ({ offset: String(i), key: null, value: Buffer.from('v'), headers: {} }));
  await handler.eachBatch!({
    batch: { topic: 't', partition: 0, messages, lastOffset: () => '5' },
    resolveOffset: () => undefined, pause: () => () => undefined, heartbeat: async () => undefined,
  } as unknown as EachBatchPayload);
  expect(sink.records).to.have.length(6);
  return { consumer, commits, records: sink.records };
};

describe('GroupConsumer commits (no broker)', () => {
  it('commits the first finished record of a partition at once, then what finishes within commitIntervalMs in one commit', async () => {
    const { consumer, commits, records } = await started(100);
    consumer.finish(records[0]!);
    await eventually(() => expect(commits).to.deep.equal([[{ topic: 't', partition: 0, offset: '1' }]]));
    for (const r of records.slice(1)) consumer.finish(r);
    await delay(20);
    expect(commits).to.have.length(1); // the rest waits for the interval
    await eventually(() => expect(commits).to.deep.equal([
      [{ topic: 't', partition: 0, offset: '1' }],
      [{ topic: 't', partition: 0, offset: '6' }],
    ]));
    await consumer.close();
    expect(commits).to.have.length(2);
  });

  it('commits what waits at close, without waiting for the interval', async () => {
    const { consumer, commits, records } = await started(60_000);
    consumer.finish(records[0]!);
    await eventually(() => expect(commits).to.have.length(1));
    for (const r of records.slice(1)) consumer.finish(r);
    await consumer.close();
    expect(commits.at(-1)).to.deep.equal([{ topic: 't', partition: 0, offset: '6' }]);
  });

  it('with commitIntervalMs 0, commits as records finish, one commit in flight at a time', async () => {
    const { consumer, commits, records } = await started(0);
    for (const r of records) {
      consumer.finish(r);
      await delay(1);
    }
    await eventually(() => expect(commits.at(-1)).to.deep.equal([{ topic: 't', partition: 0, offset: '6' }]));
    expect(commits.length).to.be.greaterThan(2);
    await consumer.close();
  });
});
