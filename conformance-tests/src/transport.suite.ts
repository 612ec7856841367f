import { type Delivery, encodeEnvelope, type Envelope, type Subscription, type Transport } from '@cadenza/core';
import { expect } from 'chai';
import type { TransportHarness } from './harness';
import { eventually } from './support/eventually';
import { freshName } from './support/fresh-name';
import { itIf } from './support/it-if';
import { latch } from './support/latch';
import { testEnvelope, valueOf } from './support/test-envelope';
import { oversizedDeadLetterCases } from './transport/oversized-dead-letter.cases';
import { redeliveryCases } from './transport/redelivery.cases';
import { startCases } from './transport/start.cases';
import { stoppedCases } from './transport/stopped.cases';

/**
 * The rules of the `Transport` port (packages/core/src/ports/transport.port.ts), checked against one adapter.
 * Every test uses fresh topic and group names, so the suite can share a broker with other runs.
 */
export function describeTransportConformance(h: TransportHarness): void {
  describe(`Transport conformance: ${h.name}`, function () {
    this.timeout(60_000);
    const open: Transport[] = [];
    const connect = async (): Promise<Transport> => {
      const transport = await h.create();
      open.push(transport);
      return transport;
    };
    const names = () => ({ topic: freshName('topic'), group: freshName('group'), deadLetterTopic: freshName('dead-letter') });
    const collect = (into: Delivery[]) => async (delivery: Delivery) => {
      into.push(delivery);
    };

    afterEach(async () => {
      await Promise.all(open.splice(0).map((t) => t.close()));
    });
    after(() => h.teardown());

    it('delivers a published envelope unchanged, with deliveryCount 1', async () => {
      const t = await connect();
      const { topic, group, deadLetterTopic } = names();
      const got: Delivery[] = [];
      await t.subscribe(topic, group, collect(got), { order: 'none', deadLetterTopic });
      const sent = testEnvelope({ text: 'héllo', n: 42, list: [1, null, { deep: true }] });
      await t.publish(topic, sent);
      await eventually(() => expect(got).to.have.length(1));
      expect(got[0]!.envelope).to.deep.equal(sent);
      expect(got[0]!.deliveryCount).to.equal(1);
      expect(got[0]!.topic).to.equal(topic);
    });

    it('delivers messages published before the first subscription', async () => {
      const t = await connect();
      const { topic, group, deadLetterTopic } = names();
      await t.publish(topic, testEnvelope('early-1'), { key: 'k' });
      await t.publish(topic, testEnvelope('early-2'), { key: 'k' });
      const got: Delivery[] = [];
      await t.subscribe(topic, group, collect(got), { order: 'per-key', deadLetterTopic });
      await eventually(() => expect(got.map((d) => valueOf(d.envelope))).to.deep.equal(['early-1', 'early-2']));
    });

    it('keeps publish order within a key and hands the key over with its messages', async () => {
      const t = await connect();
      const { topic, group, deadLetterTopic } = names();
      const seen = new Map<string, number[]>();
      const inFlight = new Map<string, number>();
      let overlaps = 0;
      await t.subscribe(topic, group, async (d) => {
        const key = d.key!;
        inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
        if (inFlight.get(key)! > 1) overlaps++;
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 3)));
        seen.set(key, [...(seen.get(key) ?? []), valueOf(d.envelope) as number]);
        inFlight.set(key, inFlight.get(key)! - 1);
      }, { order: 'per-key', concurrency: 8, deadLetterTopic });
      const keys = ['a', 'b', 'c', 'd', 'e'];
      for (let i = 0; i < 100; i++) await t.publish(topic, testEnvelope(i), { key: keys[i % keys.length]! });
      await eventually(() => expect([...seen.values()].flat()).to.have.length(100), { timeoutMs: 30_000 });
      for (const [index, key] of keys.entries()) {
        expect(seen.get(key), `key ${key}`).to.deep.equal(Array.from({ length: 20 }, (_, i) => i * keys.length + index));
      }
      expect(overlaps, 'two messages of one key handled at once').to.equal(0);
    });

    it('handles different keys in parallel up to the concurrency', async () => {
      const t = await connect();
      const { topic, group, deadLetterTopic } = names();
      const secondStarted = latch();
      const handled: string[] = [];
      await t.subscribe(topic, group, async (d) => {
        // The first key waits until another key is being handled: only parallel handling lets it finish.
        if (d.key === 'first') await secondStarted.promise;
        else secondStarted.open();
        handled.push(d.key!);
      }, { order: 'per-key', concurrency: 4, deadLetterTopic });
      await t.publish(topic, testEnvelope(1), { key: 'first' });
      await t.publish(topic, testEnvelope(2), { key: 'second' });
      await eventually(() => expect(handled).to.have.members(['first', 'second']), { timeoutMs: 30_000 });
    });

    it('shares a group between competing consumers and gives every group every message', async () => {
      const a = await connect();
      const b = await connect();
      const { topic, group, deadLetterTopic } = names();
      const otherGroup = freshName('group');
      const inGroup: Delivery[] = [];
      const inOther: Delivery[] = [];
      await a.subscribe(topic, group, collect(inGroup), { order: 'none', concurrency: 4, deadLetterTopic });
      await b.subscribe(topic, group, collect(inGroup), { order: 'none', concurrency: 4, deadLetterTopic });
      await a.subscribe(topic, otherGroup, collect(inOther), { order: 'none', deadLetterTopic });
      const sent = Array.from({ length: 40 }, (_, i) => testEnvelope(i));
      for (const envelope of sent) await a.publish(topic, envelope);
      const ids = sent.map((e) => e.id);
      await eventually(() => expect(new Set(inGroup.map((d) => d.envelope.id))).to.deep.equal(new Set(ids)), { timeoutMs: 30_000 });
      await eventually(() => expect(new Set(inOther.map((d) => d.envelope.id))).to.deep.equal(new Set(ids)), { timeoutMs: 30_000 });
    });

    it('redelivers a rejected message with a higher deliveryCount, keeping its key in order', async () => {
      const t = await connect();
      const { topic, group, deadLetterTopic } = names();
      const log: Array<{ value: unknown; count: number }> = [];
      await t.subscribe(topic, group, async (d) => {
        log.push({ value: valueOf(d.envelope), count: d.deliveryCount });
        if (valueOf(d.envelope) === 'flaky' && d.deliveryCount < 3) throw new Error('not yet');
      }, { order: 'per-key', deadLetterTopic, redeliveryDelayMs: 10, maxDeliveries: 5 });
      await t.publish(topic, testEnvelope('flaky'), { key: 'k' });
      await t.publish(topic, testEnvelope('after'), { key: 'k' });
      await eventually(() => expect(log.map((e) => e.value)).to.include('after'), { timeoutMs: 30_000 });
      expect(log).to.deep.equal([
        { value: 'flaky', count: 1 },
        { value: 'flaky', count: 2 },
        { value: 'flaky', count: 3 },
        { value: 'after', count: 1 },
      ]);
    });

    it('sends a message rejected maxDeliveries times to the dead letter with the reason, and goes on', async () => {
      const t = await connect();
      const { topic, group, deadLetterTopic } = names();
      const handled: unknown[] = [];
      const dead: Envelope[] = [];
      const poison = testEnvelope('poison');
      await t.subscribe(topic, group, async (d) => {
        if (valueOf(d.envelope) === 'poison') throw new Error('cannot handle poison');
        handled.push(valueOf(d.envelope));
      }, { order: 'per-key', deadLetterTopic, redeliveryDelayMs: 10, maxDeliveries: 3 });
      await t.subscribe(deadLetterTopic, freshName('dlq-reader'), async (d) => void dead.push(d.envelope), { order: 'none', deadLetterTopic: freshName('unused') });
      await t.publish(topic, poison, { key: 'k' });
      await t.publish(topic, testEnvelope('next'), { key: 'k' });
      await eventually(() => expect(handled).to.deep.equal(['next']), { timeoutMs: 30_000 });
      await eventually(() => expect(dead).to.have.length(1), { timeoutMs: 30_000 });
      const letter = dead[0]!.message;
      if (letter.kind !== 'DeadLetter') throw new Error(`expected a DeadLetter, got ${letter.kind}`);
      expect(letter.originalTopic).to.equal(topic);
      expect(letter.deliveries).to.equal(3);
      expect(letter.reason).to.contain('cannot handle poison');
      expect(JSON.parse(Buffer.from(letter.raw, 'base64').toString('utf8')).id).to.equal(poison.id);
    });

    describe('failure policy', () => redeliveryCases({ connect, names }));
    describe('oversized dead letters', () => oversizedDeadLetterCases({
      connect, names, wireEncodings: (e) => h.wireEncodings?.(e) ?? [encodeEnvelope(e)], keepsOrigin: h.cutDeadLettersKeepOrigin ?? true,
    }));

    it('dead-letters bytes that are not a Cadenza envelope and keeps consuming', async () => {
      const t = await connect();
      const { topic, group, deadLetterTopic } = names();
      const handled: unknown[] = [];
      const dead: Envelope[] = [];
      await t.subscribe(topic, group, async (d) => void handled.push(valueOf(d.envelope)), { order: 'per-key', deadLetterTopic });
      await t.subscribe(deadLetterTopic, freshName('dlq-reader'), async (d) => void dead.push(d.envelope), { order: 'none', deadLetterTopic: freshName('unused') });
      await h.publishRaw(topic, Buffer.from('{"not": "an envelope"'), 'k');
      await h.publishRaw(topic, Buffer.from(JSON.stringify({ v: 99, id: 'x', at: 0, message: {} })), 'k');
      await t.publish(topic, testEnvelope('valid'), { key: 'k' });
      await eventually(() => expect(handled).to.deep.equal(['valid']), { timeoutMs: 30_000 });
      await eventually(() => expect(dead).to.have.length(2), { timeoutMs: 30_000 });
      const reasons = dead.map((e) => (e.message.kind === 'DeadLetter' ? e.message.reason : ''));
      expect(reasons[0]).to.match(/JSON/);
      expect(reasons[1]).to.match(/wire version 99/);
      const raw = dead.map((e) => (e.message.kind === 'DeadLetter' ? Buffer.from(e.message.raw, 'base64').toString('utf8') : ''));
      expect(raw[0]).to.equal('{"not": "an envelope"');
    });

    it('closing a subscription waits for the handler in flight and stops deliveries', async () => {
      const t = await connect();
      const { topic, group, deadLetterTopic } = names();
      const release = latch();
      const started = latch();
      let finished = false;
      let count = 0;
      const subscription: Subscription = await t.subscribe(topic, group, async () => {
        count++;
        started.open();
        await release.promise;
        finished = true;
      }, { order: 'none', deadLetterTopic });
      await t.publish(topic, testEnvelope(1));
      await started.promise;
      const closing = subscription.close();
      setTimeout(() => release.open(), 50);
      await closing;
      expect(finished, 'close resolved before the handler finished').to.equal(true);
      await t.publish(topic, testEnvelope(2));
      const other: Delivery[] = [];
      await t.subscribe(topic, group, collect(other), { order: 'none', deadLetterTopic });
      await eventually(() => expect(other.map((d) => valueOf(d.envelope))).to.include(2), { timeoutMs: 30_000 });
      expect(count).to.equal(1);
    });

    describe('stopped', () => stoppedCases(h, { connect, names }));
    describe('start position of a new group', () => startCases({ connect, names }));

    describe('delayed delivery', () => {
      const delayed = itIf(h.capabilities.delayedDelivery, 'delayedDelivery');
      const slackMs = h.capabilities.delayPrecisionMs + 5_000; // the stated precision plus room for a loaded CI machine

      for (const order of ['per-key', 'none'] as const) {
        delayed(`does not deliver before deliverAt, and delivers soon after (${order})`, async () => {
          const t = await connect();
          const { topic, group, deadLetterTopic } = names();
          const got: Array<{ value: unknown; at: number }> = [];
          await t.subscribe(topic, group, async (d) => void got.push({ value: valueOf(d.envelope), at: Date.now() }), { order, deadLetterTopic });
          const deliverAt = Date.now() + 1_500;
          await t.publish(topic, testEnvelope('later'), { key: 'k', deliverAt });
          await t.publish(topic, testEnvelope('now'), { key: 'k' });
          await eventually(() => expect(got.map((g) => g.value)).to.deep.equal(['now', 'later']), { timeoutMs: 1_500 + slackMs });
          expect(got[1]!.at).to.be.at.least(deliverAt);
          expect(got[1]!.at).to.be.at.most(deliverAt + slackMs);
        });
      }

      delayed('a long delay does not hold back a shorter one', async () => {
        const t = await connect();
        const { topic, group, deadLetterTopic } = names();
        const got: unknown[] = [];
        await t.subscribe(topic, group, async (d) => void got.push(valueOf(d.envelope)), { order: 'per-key', deadLetterTopic });
        await t.publish(topic, testEnvelope('in an hour'), { key: 'a', deliverAt: Date.now() + 3_600_000 });
        await t.publish(topic, testEnvelope('in a second'), { key: 'b', deliverAt: Date.now() + 1_000 });
        await eventually(() => expect(got).to.deep.equal(['in a second']), { timeoutMs: 1_000 + slackMs });
      });
    });
  });
}
