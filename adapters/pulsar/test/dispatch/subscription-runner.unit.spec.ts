import { type Delivery, encodeEnvelope } from '@cadenza/core';
import { eventually, latch, testEnvelope, valueOf } from '@cadenza/conformance';
import { expect } from 'chai';
import { type Consumer, type ConsumerMessage, UNDECODABLE_PROPERTY } from '../../src/client';
import type { DeadLetterFacts } from '../../src/dead-letter';
import { type RunnerOptions, SubscriptionRunner } from '../../src/dispatch/subscription-runner';

let entry = 0;
const message = (value: unknown, o: { key?: string; redeliveryCount?: number; generation?: number; raw?: Buffer } = {}): ConsumerMessage => ({
  messageId: { ledgerId: 1, entryId: entry++ },
  payload: o.raw ?? Buffer.from(encodeEnvelope(testEnvelope(value))),
  properties: {}, redeliveryCount: o.redeliveryCount ?? 0, publishTime: 0, batchSize: 1, topic: 'persistent://public/default/t',
  generation: o.generation ?? 0, ...(o.key === undefined ? {} : { key: o.key }),
});

const setUp = (o: Partial<RunnerOptions> & Pick<RunnerOptions, 'handle'>) => {
  const acked: unknown[] = [];
  const nacked: unknown[] = [];
  const dead: DeadLetterFacts[] = [];
  const runner = new SubscriptionRunner({
    topic: 't', order: 'per-key', concurrency: 4, maxDeliveries: 5, redeliveryDelayMs: 1,
    deadLetter: async (f) => void dead.push(f), ...o,
  });
  const valueOfMessage = (m: ConsumerMessage): unknown => {
    try {
      return JSON.parse(Buffer.from(m.payload).toString()).message.value;
    } catch {
      return Buffer.from(m.payload).toString();
    }
  };
  runner.consumer = {
    ack: (m: ConsumerMessage) => acked.push(valueOfMessage(m)),
    negativeAck: (m: ConsumerMessage) => nacked.push(valueOfMessage(m)),
  } as unknown as Consumer;
  return { runner, acked, nacked, dead };
};

describe('SubscriptionRunner', () => {
  it('per-key: one message of a key at a time, in order, keys in parallel', async () => {
    const active = new Map<string, number>();
    let overlaps = 0;
    let parallelKeys = 0;
    const seen: Array<[string, unknown]> = [];
    const { runner, acked } = setUp({
      handle: async (d: Delivery) => {
        const key = d.key!;
        active.set(key, (active.get(key) ?? 0) + 1);
        if (active.get(key)! > 1) overlaps++;
        parallelKeys = Math.max(parallelKeys, [...active.values()].filter((n) => n > 0).length);
        await new Promise((resolve) => setTimeout(resolve, 1));
        seen.push([key, valueOf(d.envelope)]);
        active.set(key, active.get(key)! - 1);
      },
    });
    for (let i = 0; i < 30; i++) runner.onMessage(message(i, { key: `k${i % 3}` }));
    await eventually(() => expect(acked).to.have.length(30));
    for (const k of ['k0', 'k1', 'k2']) {
      const values = seen.filter(([key]) => key === k).map(([, v]) => v);
      expect(values).to.deep.equal([...values].sort((a, b) => (a as number) - (b as number)));
    }
    expect(overlaps).to.equal(0);
    expect(parallelKeys).to.be.greaterThan(1);
  });

  it('per-key: retries a rejected message here, holding its key, with a growing deliveryCount', async () => {
    const log: Array<[unknown, number]> = [];
    const { runner, acked, nacked } = setUp({
      handle: async (d) => {
        log.push([valueOf(d.envelope), d.deliveryCount]);
        if (valueOf(d.envelope) === 'flaky' && d.deliveryCount < 3) throw new Error('not yet');
      },
    });
    runner.onMessage(message('flaky', { key: 'k', redeliveryCount: 0 }));
    runner.onMessage(message('after', { key: 'k' }));
    await eventually(() => expect(acked).to.deep.equal(['flaky', 'after']));
    expect(log).to.deep.equal([['flaky', 1], ['flaky', 2], ['flaky', 3], ['after', 1]]);
    expect(nacked).to.deep.equal([]);
  });

  it('none: negatively acknowledges a rejected message for the broker to redeliver', async () => {
    const { runner, acked, nacked } = setUp({ order: 'none', handle: async () => { throw new Error('no'); } });
    runner.onMessage(message('m'));
    await eventually(() => expect(nacked).to.deep.equal(['m']));
    expect(acked).to.deep.equal([]);
  });

  it('counts broker redeliveries toward maxDeliveries and dead-letters at the limit, then acks', async () => {
    const { runner, acked, dead } = setUp({ order: 'none', maxDeliveries: 5, handle: async () => { throw new Error('poison'); } });
    runner.onMessage(message('p', { key: 'k', redeliveryCount: 4 }));
    await eventually(() => expect(acked).to.deep.equal(['p']));
    expect(dead).to.have.length(1);
    expect(dead[0]!.deliveries).to.equal(5);
    expect(dead[0]!.reason).to.contain('poison');
    expect(dead[0]!.key).to.equal('k');
  });

  it('dead-letters bytes that are not an envelope without calling the handler', async () => {
    let called = false;
    const { runner, dead } = setUp({ handle: async () => void (called = true) });
    runner.onMessage(message(undefined, { raw: Buffer.from('not json') }));
    await eventually(() => expect(dead).to.have.length(1));
    expect(dead[0]!.reason).to.match(/JSON/);
    expect(Buffer.from(dead[0]!.raw).toString()).to.equal('not json');
    expect(called).to.equal(false);
  });

  it('dead-letters an entry the client could not take apart, with the client\'s reason', async () => {
    let called = false;
    const { runner, dead } = setUp({ handle: async () => void (called = true) });
    runner.onMessage({ ...message(1), properties: { [UNDECODABLE_PROPERTY]: 'LZ4 compression is not supported' } });
    await eventually(() => expect(dead).to.have.length(1));
    expect(dead[0]!.reason).to.equal('the Pulsar entry could not be decoded: LZ4 compression is not supported');
    expect(called).to.equal(false);
  });

  it('keeps trying a dead-letter publish that fails, acking only after it succeeds', async () => {
    let attempts = 0;
    const acked: unknown[] = [];
    const runner = new SubscriptionRunner({
      topic: 't', order: 'none', concurrency: 1, maxDeliveries: 1, redeliveryDelayMs: 1,
      handle: async () => { throw new Error('x'); },
      deadLetter: async () => {
        if (++attempts < 3) throw new Error('broker away');
      },
    });
    runner.consumer = { ack: () => acked.push(attempts), negativeAck: () => undefined } as unknown as Consumer;
    runner.onMessage(message('m'));
    await eventually(() => expect(acked).to.deep.equal([3]), { timeoutMs: 5_000 });
  });

  it('after a reconnect drops the queued messages of the old session (the broker redelivers them)', async () => {
    const gate = latch();
    const handled: unknown[] = [];
    const { runner } = setUp({ concurrency: 1, handle: async (d) => { await gate.promise; handled.push(valueOf(d.envelope)); } });
    runner.onMessage(message('in flight', { key: 'a', generation: 0 }));
    runner.onMessage(message('queued', { key: 'a', generation: 0 }));
    runner.onMessage(message('other key', { key: 'b', generation: 0 }));
    runner.onReconnect(1, 'persistent://public/default/t');
    runner.onMessage(message('redelivered', { key: 'a', generation: 1 }));
    gate.open();
    await eventually(() => expect(handled).to.deep.equal(['in flight', 'redelivered']));
  });

  it('close waits for the handler in flight and ends a retry wait', async () => {
    const release = latch();
    let finished = false;
    const { runner } = setUp({
      redeliveryDelayMs: 60_000,
      handle: async (d) => {
        if (valueOf(d.envelope) === 'fails') throw new Error('retry in a minute');
        await release.promise;
        finished = true;
      },
    });
    runner.onMessage(message('fails', { key: 'x' }));
    runner.onMessage(message('slow', { key: 'y' }));
    const closing = runner.close();
    setTimeout(() => release.open(), 20);
    await closing;
    expect(finished).to.equal(true);
  });
});
