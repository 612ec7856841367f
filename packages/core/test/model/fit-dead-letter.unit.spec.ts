import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { PayloadTooLargeError } from '../../src/errors/payload-too-large-error';
import { decodeEnvelope, encodeEnvelope, type Envelope } from '../../src/model/envelope';
import { fitDeadLetter } from '../../src/model/fit-dead-letter';
import type { MessageOf } from '../../src/model/messages';

type DeadLetter = MessageOf<'DeadLetter'>;

const task: Envelope = {
  v: 1, id: 'w1:3:r0#1', at: 1,
  message: { kind: 'ExecuteTask', taskId: 'w1:3', service: 'S', method: 'm', args: ['x'.repeat(20_000)], attempt: 1, retry: 0,
    workflowName: 'W', workflowId: 'w1', seq: 3, tags: [], meta: {} },
};
const letterOf = (raw: Uint8Array, reason = 'kept failing'): Envelope => ({
  v: 1, id: 'dead-letter:x', at: 2,
  message: { kind: 'DeadLetter', originalTopic: 'ns.service.S', reason, deliveries: 10, raw: Buffer.from(raw).toString('base64'), key: 'k' },
});
const bytesOf = (envelope: Envelope): number => encodeEnvelope(envelope).length;
const rawOf = (envelope: Envelope): Buffer => Buffer.from((envelope.message as DeadLetter).raw, 'base64');

describe('model/fit-dead-letter', () => {
  const original = encodeEnvelope(task);
  const whole = letterOf(original);

  it('leaves a letter that fits, up to exactly the limit, as it is', () => {
    expect(fitDeadLetter(whole, bytesOf(whole))).to.equal(whole);
  });

  it('cuts a letter one byte over the limit, recording the size and SHA-256 of the whole original', () => {
    const limit = bytesOf(whole) - 1;
    const fitted = fitDeadLetter(whole, limit);
    expect(bytesOf(fitted)).to.be.at.most(limit);
    expect(decodeEnvelope(encodeEnvelope(fitted), 'dlq')).to.deep.equal(fitted);
    const letter = fitted.message as DeadLetter;
    expect(letter).to.deep.include({
      truncated: true, rawBytes: original.length, rawSha256: createHash('sha256').update(original).digest('hex'),
      reason: 'kept failing', key: 'k', deliveries: 10,
    });
    expect(Buffer.from(original).subarray(0, rawOf(fitted).length).equals(rawOf(fitted))).to.equal(true);
    expect(rawOf(fitted).length).to.be.greaterThan(original.length - 500); // the size, hash and origin take the room
  });

  it('names the original envelope and its workflow step in origin, so the letter can still be routed', () => {
    expect((fitDeadLetter(whole, 2_000).message as DeadLetter).origin).to.deep.equal({
      id: 'w1:3:r0#1', kind: 'ExecuteTask', workflowName: 'W', workflowId: 'w1', seq: 3, taskId: 'w1:3', attempt: 1, retry: 0,
    });
  });

  it('has no origin for bytes that were never an envelope', () => {
    const fitted = fitDeadLetter(letterOf(Buffer.alloc(10_000, 0xff)), 1_000);
    expect(fitted.message).to.include({ truncated: true, rawBytes: 10_000 }).and.not.to.have.property('origin');
  });

  it('shortens a reason too long to leave room for the letter, and marks it', () => {
    const fitted = fitDeadLetter(letterOf(original, 'é'.repeat(50_000)), 5_000);
    expect(bytesOf(fitted)).to.be.at.most(5_000);
    expect((fitted.message as DeadLetter).reason).to.match(/^é+ \[cut\]$/);
  });

  it('keeps the size and hash of the first original when a cut letter is fitted again, smaller', () => {
    const once = fitDeadLetter(whole, 10_000);
    const twice = fitDeadLetter(once, 3_000);
    expect(twice.message).to.deep.include({ rawBytes: original.length, rawSha256: (once.message as DeadLetter).rawSha256 });
    expect(bytesOf(twice)).to.be.at.most(3_000);
  });

  it('leaves envelopes that are not dead letters alone', () => {
    expect(fitDeadLetter(task, 10)).to.equal(task);
  });

  it('refuses with PayloadTooLargeError a limit that not even an empty letter fits', () => {
    expect(() => fitDeadLetter(whole, 100)).to.throw(PayloadTooLargeError, /dead letter dead-letter:x without its payload/);
  });
});
