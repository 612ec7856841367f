import { decodeEnvelope, encodeEnvelope } from '@cadenza/core';
import { expect } from 'chai';
import { deadLetterEnvelope } from '../src';

describe('deadLetterEnvelope', () => {
  it('is a valid envelope carrying the reason, the deliveries and the original bytes in base64', () => {
    const raw = Buffer.from([0xff, 0x00, 0x7b]);
    const envelope = deadLetterEnvelope({ originalTopic: 't', reason: 'boom', deliveries: 3, raw, key: 'k', position: '5:7', causationId: 'c-1' }, 42);
    expect(decodeEnvelope(encodeEnvelope(envelope), 'dlq')).to.deep.equal(envelope);
    expect(envelope).to.deep.equal({
      v: 1, id: 'dead-letter:t:5:7', at: 42, causationId: 'c-1',
      message: { kind: 'DeadLetter', originalTopic: 't', reason: 'boom', deliveries: 3, raw: raw.toString('base64'), key: 'k' },
    });
  });

  it('gets the same id when the same message is dead-lettered again', () => {
    const facts = { originalTopic: 't', reason: 'r', deliveries: 1, raw: Buffer.from('x'), position: '1:2' };
    expect(deadLetterEnvelope(facts).id).to.equal(deadLetterEnvelope({ ...facts, reason: 'other' }).id);
  });
});
