import { encodeEnvelope, type Envelope, type MessageOf } from '@cadenza/core';
import { expect } from 'chai';
import { createHash, randomUUID } from 'node:crypto';
import { eventually } from '../support/eventually';
import { freshName } from '../support/fresh-name';
import { testEnvelope, valueOf } from '../support/test-envelope';
import type { TransportCaseContext } from './redelivery.cases';

/** A test envelope whose encoding is exactly `bytes` long. */
const envelopeOf = (bytes: number): Envelope => {
  const id = randomUUID();
  const padding = bytes - encodeEnvelope(testEnvelope('', id)).length;
  return testEnvelope('x'.repeat(padding), id);
};

/**
 * A dead letter always lands: a message too big to be dead-lettered whole (base64 makes it a third bigger) goes
 * to the dead letter cut to `maxMessageBytes`, with its size and SHA-256, and the key moves on to its next message.
 */
export const oversizedDeadLetterCases = (c: TransportCaseContext & { wireEncodings(envelope: Envelope): Uint8Array[]; keepsOrigin: boolean }): void => {
  const cases = [['at the size limit', 1], ['over the limit once base64-encoded', 0.8]] as const;
  for (const [what, share] of cases) {
    it(`dead-letters a message ${what}, cut to fit, and then handles the next message of its key`, async () => {
      const t = await c.connect();
      const { topic, group, deadLetterTopic } = c.names();
      const poison = envelopeOf(Math.floor(t.capabilities.maxMessageBytes * share));
      const handled: unknown[] = [];
      const dead: Envelope[] = [];
      await t.subscribe(topic, group, async (d) => {
        if (d.envelope.id === poison.id) throw new Error('too big to handle');
        handled.push(valueOf(d.envelope));
      }, { order: 'per-key', deadLetterTopic, maxDeliveries: 1 });
      await t.subscribe(deadLetterTopic, freshName('dlq-reader'), async (d) => void dead.push(d.envelope), { order: 'none', deadLetterTopic: freshName('unused') });
      await t.publish(topic, poison, { key: 'k' });
      await t.publish(topic, testEnvelope('next'), { key: 'k' });
      await eventually(() => expect(handled).to.deep.equal(['next']), { timeoutMs: 45_000 });
      await eventually(() => expect(dead).to.have.length(1), { timeoutMs: 30_000 });
      const letter = dead[0]!.message as MessageOf<'DeadLetter'>;
      const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
      // The bytes the poison travelled as: its plain encoding, or (a signed transport) one of its signed ones.
      const original = c.wireEncodings(poison).find((bytes) => sha256(bytes) === letter.rawSha256) ?? encodeEnvelope(poison);
      expect(encodeEnvelope(dead[0]!).length).to.be.at.most(t.capabilities.maxMessageBytes);
      expect(letter).to.deep.include({
        kind: 'DeadLetter', originalTopic: topic, key: 'k', truncated: true, rawBytes: original.length,
        rawSha256: sha256(original),
      });
      // What the cut bytes were, so a router can still fail their step - unless nothing vouches for it (signing).
      if (c.keepsOrigin) expect(letter.origin).to.deep.equal({ id: poison.id, kind: 'SendSignal', workflowName: 'TransportTest', workflowId: 'transport-test' });
      else expect(letter).not.to.have.property('origin');
      expect(letter.reason).to.contain('too big to handle');
      const kept = Buffer.from(letter.raw, 'base64');
      expect(Buffer.from(original).subarray(0, kept.length).equals(kept)).to.equal(true);
    });
  }
};
