import { decodeEnvelope, encodeEnvelope } from '@cadenza/core';
import { expect } from 'chai';
import { deadLetterEnvelope } from '../src';

describe('deadLetterEnvelope', () => {
  it('is a valid envelope carrying the reason, the deliveries and the original bytes in base64', () => {
    const raw = Buffer.from([0xff, 0x00, 0x7b]);
    const envelope = deadLetterEnvelope({ originalTopic: 't', reason: 'boom', deliveries: 3, raw, key: 'k', position: '5:7', causationId: 'c-1' }, 1_000_000, 42);
    expect(decodeEnvelope(encodeEnvelope(envelope), 'dlq')).to.deep.equal(envelope);
    expect(envelope).to.deep.equal({
      v: 1, id: 'dead-letter:t:5:7', at: 42, causationId: 'c-1',
      message: { kind: 'DeadLetter', originalTopic: 't', reason: 'boom', deliveries: 3, raw: raw.toString('base64'), key: 'k' },
    });
  });

  it('gets the same id when the same message is dead-lettered again', () => {
    const facts = { originalTopic: 't', reason: 'r', deliveries: 1, raw: Buffer.from('x'), position: '1:2' };
    expect(deadLetterEnvelope(facts, 1_000_000).id).to.equal(deadLetterEnvelope({ ...facts, reason: 'other' }, 1_000_000).id);
  });

  it('cuts an original too big for the transport and records its size and SHA-256', () => {
    const raw = Buffer.alloc(5_000, 0x61);
    const envelope = deadLetterEnvelope({ originalTopic: 't', reason: 'r', deliveries: 1, raw, position: '1:2' }, 1_000);
    const letter = envelope.message as { raw: string; truncated?: boolean; rawBytes?: number };
    expect(encodeEnvelope(envelope).length).to.be.at.most(1_000);
    expect(letter).to.deep.include({ truncated: true, rawBytes: 5_000 });
    expect(raw.subarray(0, Buffer.from(letter.raw, 'base64').length).equals(Buffer.from(letter.raw, 'base64'))).to.equal(true);
  });
});
