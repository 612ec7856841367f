import { createNames, type Delivery, type StartPosition, type Transport } from '@cadenza/core';
import { expect } from 'chai';
import { eventually } from '../support/eventually';
import { freshName } from '../support/fresh-name';
import { testEnvelope, valueOf } from '../support/test-envelope';
import type { TransportCaseContext } from './redelivery.cases';

/**
 * `SubscribeOptions.start`: where a group with no position starts, on an events topic (`<namespace>.events`, which
 * every transport retains for late listeners). One key throughout, so per-key order makes "none of the earlier
 * ones" checkable: had any been delivered, it would have come before the message the case waits for.
 */
export const startCases = ({ connect }: TransportCaseContext): void => {
  const eventsTopic = () => createNames(freshName('start')).eventsTopic();
  const deadLetterTopic = () => freshName('dead-letter');
  const values = (got: Delivery[]) => got.map((d) => valueOf(d.envelope));

  /** Publishes `sent` on one key, and has a first group take them all, so they are acknowledged before the case. */
  const publishConsumed = async (t: Transport, topic: string, sent: string[]): Promise<void> => {
    for (const value of sent) await t.publish(topic, testEnvelope(value), { key: 'k' });
    const first: Delivery[] = [];
    const subscription = await t.subscribe(topic, freshName('first'), async (d) => void first.push(d), { order: 'per-key', deadLetterTopic: deadLetterTopic() });
    await eventually(() => expect(values(first)).to.deep.equal(sent), { timeoutMs: 30_000 });
    await subscription.close();
  };

  const subscribeNew = async (t: Transport, topic: string, start: StartPosition | undefined, into: Delivery[]) =>
    t.subscribe(topic, freshName('late'), async (d) => void into.push(d), { order: 'per-key', deadLetterTopic: deadLetterTopic(), ...(start ? { start } : {}) });

  /** Publishes `next`, waits for it, and returns everything the group got until then. */
  const untilNext = async (t: Transport, topic: string, got: Delivery[], next = 'next'): Promise<unknown[]> => {
    await t.publish(topic, testEnvelope(next), { key: 'k' });
    await eventually(() => expect(values(got)).to.include(next), { timeoutMs: 30_000 });
    return values(got);
  };

  for (const start of [{ from: 'earliest' } as const, undefined]) {
    it(`a new group at ${start ? 'earliest' : 'the default start'} reads every retained message, acknowledged ones included`, async () => {
      const t = await connect();
      const topic = eventsTopic();
      const sent = ['one', 'two', 'three'];
      await publishConsumed(t, topic, sent);
      const got: Delivery[] = [];
      await subscribeNew(t, topic, start, got);
      await eventually(() => expect(values(got)).to.deep.equal(sent), { timeoutMs: 30_000 });
      expect(await untilNext(t, topic, got)).to.deep.equal([...sent, 'next']);
    });
  }

  it('a new group at latest reads none of what was published before it, and what comes after', async () => {
    const t = await connect();
    const topic = eventsTopic();
    await publishConsumed(t, topic, ['one', 'two']);
    const got: Delivery[] = [];
    await subscribeNew(t, topic, { from: 'latest' }, got);
    expect(await untilNext(t, topic, got)).to.deep.equal(['next']);
  });

  it('a new group at a time reads what reached the topic at or after it', async () => {
    const t = await connect();
    const topic = eventsTopic();
    await publishConsumed(t, topic, ['before-1', 'before-2']);
    const time = Date.now() + 1;
    await eventually(() => expect(Date.now()).to.be.above(time), { everyMs: 1 });
    for (const value of ['after-1', 'after-2']) await t.publish(topic, testEnvelope(value), { key: 'k' });
    const got: Delivery[] = [];
    await subscribeNew(t, topic, { from: 'time', time }, got);
    expect(await untilNext(t, topic, got)).to.deep.equal(['after-1', 'after-2', 'next']);
  });

  it('a new group at a time in the future reads like latest', async () => {
    const t = await connect();
    const topic = eventsTopic();
    await publishConsumed(t, topic, ['one']);
    const got: Delivery[] = [];
    await subscribeNew(t, topic, { from: 'time', time: Date.now() + 3_600_000 }, got);
    expect(await untilNext(t, topic, got)).to.deep.equal(['next']);
  });

  it('a group that has a position ignores start when it subscribes again, in this process or a new one', async () => {
    const t = await connect();
    const topic = eventsTopic();
    const group = freshName('group');
    const options = (start: StartPosition) => ({ order: 'per-key' as const, deadLetterTopic: deadLetterTopic(), start });
    const first: Delivery[] = [];
    const subscription = await t.subscribe(topic, group, async (d) => void first.push(d), options({ from: 'earliest' }));
    await untilNext(t, topic, first, 'one');
    await subscription.close();

    await t.publish(topic, testEnvelope('two'), { key: 'k' });
    const again: Delivery[] = [];
    const resubscribed = await t.subscribe(topic, group, async (d) => void again.push(d), options({ from: 'latest' }));
    await eventually(() => expect(values(again)).to.deep.equal(['two']), { timeoutMs: 30_000 });
    await resubscribed.close();
    await t.close();

    const restarted = await connect();
    await restarted.publish(topic, testEnvelope('three'), { key: 'k' });
    const afterRestart: Delivery[] = [];
    await restarted.subscribe(topic, group, async (d) => void afterRestart.push(d), options({ from: 'earliest' }));
    expect(await untilNext(restarted, topic, afterRestart, 'four')).to.deep.equal(['three', 'four']);
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['a time that is not a number', { from: 'time', time: Number.NaN }, /start\.time/],
    ['a negative time', { from: 'time', time: -1 }, /start\.time/],
    ['a time given as a string', { from: 'time', time: '2026-01-01' }, /start\.time/],
    ['an unknown from', { from: 'beginning' }, /start\.from/],
    ['a bare string', 'earliest', /start\.from/],
  ];
  for (const [what, start, field] of invalid) {
    it(`refuses ${what} at subscribe with a ConfigError, and keeps working`, async () => {
      const t = await connect();
      const topic = eventsTopic();
      const refused = await t.subscribe(topic, freshName('bad'), async () => undefined,
        { order: 'per-key', deadLetterTopic: deadLetterTopic(), start: start as StartPosition }).then(() => undefined, (error: unknown) => error);
      expect(refused, 'subscribe resolved').to.be.instanceOf(Error);
      expect((refused as { code?: unknown }).code).to.equal('CONFIG');
      expect((refused as Error).message).to.match(field);
      const got: Delivery[] = [];
      await subscribeNew(t, topic, { from: 'latest' }, got);
      expect(await untilNext(t, topic, got)).to.deep.equal(['next']);
    });
  }
};
