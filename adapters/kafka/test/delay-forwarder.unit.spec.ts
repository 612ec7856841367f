import { eventually } from '@cadenza/conformance';
import { decodeEnvelope, type MessageOf } from '@cadenza/core';
import { expect } from 'chai';
import type { Kafka } from 'kafkajs';
import { HEADERS, silentLogger } from '../src';
import type { ConsumedRecord } from '../src/consume/consumed-record';
import { DelayForwarder } from '../src/delay/delay-forwarder';
import type { OutgoingRecord } from '../src/publish/publish-batcher';

/** A kafkajs stand-in whose consumer is never started: the tests feed records to the forwarder directly. */
const fakeKafka = {
  consumer: () => ({ events: {}, on: () => undefined, commitOffsets: async () => undefined }),
} as unknown as Kafka;

const forwarder = (published: Array<OutgoingRecord & { at: number }>, fail = () => false) => new DelayForwarder({
  kafka: fakeKafka, logger: silentLogger, prefix: 'p', group: 'g', maxHeld: 100, deadLetterTopic: 'p.dead-letter', maxMessageBytes: 1_000_000,
  consumer: { sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1_000, rebalanceTimeoutMs: 20_000, fetchMaxWaitMs: 500, commitIntervalMs: 0, operationTimeoutMs: 1_000 },
  publish: async (record) => {
    if (fail()) throw new Error('broker refused');
    published.push({ ...record, at: Date.now() });
  },
});

let offset = 0;
const record = (topic: string, dueAt: number, target = 'orders'): ConsumedRecord => ({
  topic, partition: 0, offset: String(offset++), key: 'k', value: Buffer.from('payload'), generation: 0,
  headers: { [HEADERS.deliverAt]: Buffer.from(String(dueAt)), [HEADERS.targetTopic]: Buffer.from(target) },
});

describe('DelayForwarder (no broker)', () => {
  it('publishes a due message to its target, not before its due time, without the delay headers', async () => {
    const published: Array<OutgoingRecord & { at: number }> = [];
    const f = forwarder(published);
    const dueAt = Date.now() + 50;
    f.accept(record('p.s', dueAt));
    await eventually(() => expect(published).to.have.length(1));
    expect(published[0]!.topic).to.equal('orders');
    expect(published[0]!.key).to.equal('k');
    expect(published[0]!.headers).to.equal(undefined);
    expect(published[0]!.at).to.be.at.least(dueAt);
    await f.stop();
  });

  it('releases messages in due order, whatever order they were read in', async () => {
    const published: Array<OutgoingRecord & { at: number }> = [];
    const f = forwarder(published);
    const now = Date.now();
    f.accept(record('p.s', now + 120, 'third'));
    f.accept(record('p.s', now + 20, 'first'));
    f.accept(record('p.s', now + 70, 'second'));
    await eventually(() => expect(published.map((p) => p.topic)).to.deep.equal(['first', 'second', 'third']));
    await f.stop();
  });

  it('moves a message to the shorter bucket once it fits there, keeping its due time and target', async () => {
    const published: Array<OutgoingRecord & { at: number }> = [];
    const f = forwarder(published);
    const dueAt = Date.now() + 10_050;
    f.accept(record('p.m', dueAt));
    await eventually(() => expect(published).to.have.length(1));
    expect(published[0]!.topic).to.equal('p.s');
    expect(published[0]!.headers).to.deep.equal({ [HEADERS.deliverAt]: String(dueAt), [HEADERS.targetTopic]: 'orders' });
    await f.stop();
  });

  it('tries a refused forward again', async () => {
    const published: Array<OutgoingRecord & { at: number }> = [];
    let refusals = 1;
    const f = forwarder(published, () => refusals-- > 0);
    f.accept(record('p.s', Date.now()));
    await eventually(() => expect(published).to.have.length(1), { timeoutMs: 5_000 });
    await f.stop();
  });

  it('drops what it holds on a rebalance (it will be read again) and forwards nothing after stop', async () => {
    const published: Array<OutgoingRecord & { at: number }> = [];
    const f = forwarder(published);
    f.accept(record('p.s', Date.now() + 30));
    f.reset();
    expect(f.buffered).to.equal(0);
    f.accept(record('p.s', Date.now() + 30));
    await f.stop();
    expect(f.buffered).to.equal(0);
    expect(published).to.deep.equal([]);
  });

  describe('records it cannot forward', () => {
    const withHeaders = (headers: Record<string, string>): ConsumedRecord => ({
      topic: 'p.s', partition: 0, offset: String(offset++), key: 'k', value: Buffer.from('payload'), generation: 0,
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)])),
    });
    const due = String(Date.now());
    for (const [what, headers, reason] of [
      ['no target header', { [HEADERS.deliverAt]: due }, /without a cadenza-target-topic header/],
      ['an empty target', { [HEADERS.deliverAt]: due, [HEADERS.targetTopic]: '' }, /without a cadenza-target-topic header/],
      ['a target Kafka refuses', { [HEADERS.deliverAt]: due, [HEADERS.targetTopic]: '../x' }, /bad target: invalid name at header cadenza-target-topic/],
      ['a delay topic as target', { [HEADERS.deliverAt]: due, [HEADERS.targetTopic]: 'p.s' }, /target p\.s is a delay topic of p itself/],
      ['no due time', { [HEADERS.targetTopic]: 'orders' }, /cadenza-deliver-at header is not a time in ms since epoch: undefined/],
      ['a due time that is not one', { [HEADERS.targetTopic]: 'orders', [HEADERS.deliverAt]: 'soon' }, /not a time in ms since epoch: "soon"/],
    ] as const) {
      it(`dead-letters a record with ${what}, with the reason, and forwards nothing`, async () => {
        const published: Array<OutgoingRecord & { at: number }> = [];
        const f = forwarder(published);
        f.accept(withHeaders(headers));
        await eventually(() => expect(published).to.have.length(1));
        expect(published[0]!.topic).to.equal('p.dead-letter');
        expect(published[0]!.key).to.equal('k');
        const letter = decodeEnvelope(published[0]!.value as Buffer, 'p.dead-letter').message as MessageOf<'DeadLetter'>;
        expect(letter).to.include({ kind: 'DeadLetter', originalTopic: 'p.s', key: 'k', raw: Buffer.from('payload').toString('base64') });
        expect(letter.reason).to.match(reason);
        await f.stop();
      });
    }

    it('tries a refused dead letter again', async () => {
      const published: Array<OutgoingRecord & { at: number }> = [];
      let refusals = 1;
      const f = forwarder(published, () => refusals-- > 0);
      f.accept(withHeaders({ [HEADERS.deliverAt]: due }));
      await eventually(() => expect(published.map((p) => p.topic)).to.deep.equal(['p.dead-letter']), { timeoutMs: 5_000 });
      await f.stop();
    });
  });
});
