import { expect } from 'chai';
import { deadLetterFor } from '../../src/engine/dead-letter';
import { decodeEnvelope, type Envelope } from '../../src/model/envelope';

describe('engine/dead-letter', () => {
  const original: Envelope = { v: 1, id: 'm-1', at: 1, message: { kind: 'TimerFired', workflowName: 'W', workflowId: 'w1', seq: 2 } };

  it('carries the whole original envelope, base64, with topic, key, reason and deliveries', () => {
    const letter = deadLetterFor({ envelope: original, topic: 'ns.workflow.W', key: 'w1', deliveryCount: 10 }, 'handler kept failing', 99, 1_000_000);
    expect(letter).to.deep.include({ v: 1, id: 'dead-letter:m-1', at: 99, causationId: 'm-1' });
    expect(letter.message).to.deep.include({ kind: 'DeadLetter', originalTopic: 'ns.workflow.W', reason: 'handler kept failing', deliveries: 10, key: 'w1' });
    const raw = Buffer.from((letter.message as { raw: string }).raw, 'base64');
    expect(decodeEnvelope(raw, 'ns.workflow.W')).to.deep.equal(original);
  });

  it('leaves out the key when the delivery had none', () => {
    const letter = deadLetterFor({ envelope: original, topic: 't', deliveryCount: 1 }, 'r', 2, 1_000_000);
    expect(letter.message).not.to.have.property('key');
  });

  it('cuts the original to fit the transport when it would not', () => {
    const big: Envelope = { ...original, message: { kind: 'SendSignal', workflowName: 'W', workflowId: 'w1', channel: 'c', value: 'x'.repeat(4_000) } } as Envelope;
    const letter = deadLetterFor({ envelope: big, topic: 't', deliveryCount: 1 }, 'r', 2, 1_500);
    expect(Buffer.byteLength(JSON.stringify(letter))).to.be.at.most(1_500);
    expect(letter.message).to.deep.include({ truncated: true, origin: { id: 'm-1', kind: 'SendSignal', workflowName: 'W', workflowId: 'w1' } });
  });
});
