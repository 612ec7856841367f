import { encodeEnvelope, type Envelope } from '@cadenza/core';
import { createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { expect } from 'chai';
import { countingTransport } from '../../src/support/counting-transport';

const envelope = (id: string): Envelope => ({
  v: 1, id, at: 0,
  message: { kind: 'SendSignal', workflowName: 'W', workflowId: 'w1', channel: 'c', value: id },
});

describe('counting transport', () => {
  it('counts publishes, resets, and learns the envelope size from its sample', async () => {
    const transport = countingTransport(createInMemoryTransport({ broker: new InMemoryBroker() }));
    expect(transport.meanEnvelopeBytes).to.equal(0);
    for (let i = 0; i < 3; i++) await transport.publish('t', envelope(`m${i}`), { key: 'k' });
    expect(transport.published).to.equal(3);
    expect(transport.meanEnvelopeBytes).to.equal(encodeEnvelope(envelope('m0')).length);
    transport.resetCount();
    expect(transport.published).to.equal(0);
    await transport.close();
  });
});
