import { type Envelope, type Transport, TransportError } from '@cadenza/core';
import { expect } from 'chai';
import { eventually } from '../support/eventually';
import { freshName } from '../support/fresh-name';
import { testEnvelope, valueOf } from '../support/test-envelope';

/** What the redelivery cases need from the transport suite. */
export interface TransportCaseContext {
  connect(): Promise<Transport>;
  names(): { topic: string; group: string; deadLetterTopic: string };
}

/** Errors a handler meets during an outage: a Cadenza error that says so, and a raw Node network error. */
const outage = (n: number): Error => (n % 2 === 0
  ? new TransportError('broker unavailable', true)
  : Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));

/** The failure policy of the port (packages/core/src/ports/redelivery-policy.ts), checked on one adapter. */
export const redeliveryCases = (c: TransportCaseContext): void => {
  const readDeadLetters = async (t: Transport, deadLetterTopic: string, into: Envelope[]) =>
    t.subscribe(deadLetterTopic, freshName('dlq-reader'), async (d) => void into.push(d.envelope), { order: 'none', deadLetterTopic: freshName('unused') });

  for (const order of ['per-key', 'none'] as const) {
    it(`redelivers a message rejected with transient errors without limit and never dead-letters it (${order})`, async () => {
      const t = await c.connect();
      const { topic, group, deadLetterTopic } = c.names();
      const counts: number[] = [];
      const handled: unknown[] = [];
      const dead: Envelope[] = [];
      await t.subscribe(topic, group, async (d) => {
        if (valueOf(d.envelope) !== 'outage') return void handled.push(valueOf(d.envelope));
        counts.push(d.deliveryCount);
        if (counts.length <= 15) throw outage(counts.length);
        handled.push('outage');
      }, { order, deadLetterTopic, maxDeliveries: 3, redelivery: { initialDelayMs: 1, maxDelayMs: 8, backoffFactor: 2 } });
      await readDeadLetters(t, deadLetterTopic, dead);
      await t.publish(topic, testEnvelope('outage'), { key: 'k' });
      await t.publish(topic, testEnvelope('after'), { key: 'k' });
      await eventually(() => expect(handled).to.have.members(['outage', 'after']), { timeoutMs: 30_000 });
      expect(counts).to.deep.equal(Array.from({ length: 16 }, (_, i) => i + 1));
      expect(dead.map((e) => e.message.kind)).to.deep.equal([]);
    });
  }

  it('waits longer after each rejection, growing by backoffFactor up to maxDelayMs', async () => {
    const t = await c.connect();
    const { topic, group, deadLetterTopic } = c.names();
    const at: number[] = [];
    await t.subscribe(topic, group, async () => {
      at.push(Date.now());
      if (at.length <= 5) throw new Error('not yet');
    }, { order: 'per-key', deadLetterTopic, maxDeliveries: 10, redelivery: { initialDelayMs: 40, maxDelayMs: 160, backoffFactor: 2 } });
    await t.publish(topic, testEnvelope('slow'), { key: 'k' });
    await eventually(() => expect(at).to.have.length(6), { timeoutMs: 30_000 });
    const gaps = at.slice(1).map((time, i) => time - at[i]!);
    // A lower bound is the contract ("not redelivered before the backoff"); 2 ms of slack for timer rounding.
    [40, 80, 160, 160, 160].forEach((wait, i) => expect(gaps[i], `wait after rejection ${i + 1} (gaps ${gaps.join(', ')})`).to.be.at.least(wait - 2));
  });

  for (const order of ['per-key', 'none'] as const) {
    it(`still dead-letters a non-retriable failure after maxDeliveries, transient rejections not counted (${order})`, async () => {
      const t = await c.connect();
      const { topic, group, deadLetterTopic } = c.names();
      const counts: number[] = [];
      const dead: Envelope[] = [];
      const handled: unknown[] = [];
      await t.subscribe(topic, group, async (d) => {
        if (valueOf(d.envelope) !== 'poison') return void handled.push(valueOf(d.envelope));
        counts.push(d.deliveryCount);
        if (counts.length <= 4) throw outage(counts.length);
        throw new TransportError('refused for good: message too large', false);
      }, { order, deadLetterTopic, maxDeliveries: 3, redelivery: { initialDelayMs: 1, maxDelayMs: 4, backoffFactor: 2 } });
      await readDeadLetters(t, deadLetterTopic, dead);
      await t.publish(topic, testEnvelope('poison'), { key: 'k' });
      await t.publish(topic, testEnvelope('next'), { key: 'k' });
      await eventually(() => expect(dead).to.have.length(1), { timeoutMs: 30_000 });
      await eventually(() => expect(handled).to.deep.equal(['next']), { timeoutMs: 30_000 });
      const letter = dead[0]!.message;
      if (letter.kind !== 'DeadLetter') throw new Error(`expected a DeadLetter, got ${letter.kind}`);
      expect(counts).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
      expect(letter.deliveries).to.equal(7);
      expect(letter.reason).to.contain('refused for good');
    });
  }
};
