import type { Envelope } from '@cadenza/core';
import { expect } from 'chai';
import { createInMemoryTransport, InMemoryBroker } from '../src';

describe('in-memory: a delivery delayed past 24.8 days (2^31-1 ms)', () => {
  it('is not delivered at once on the system clock', async () => {
    const broker = new InMemoryBroker();
    const transport = createInMemoryTransport({ broker });
    const delivered: string[] = [];
    await transport.subscribe('t', 'g', async ({ envelope }) => void delivered.push(envelope.id), { order: 'none', deadLetterTopic: 'dl' });
    const envelope: Envelope = { v: 1, id: 'in-30-days', at: Date.now(), message: { kind: 'SendSignal', workflowName: 'W', workflowId: 'w1', channel: 'c', value: null } };
    await transport.publish('t', envelope, { deliverAt: Date.now() + 30 * 24 * 60 * 60 * 1000 });
    await transport.publish('t', { ...envelope, id: 'now' });
    // A delay Node clamps fires after 1 ms, so before this 5 ms timer: the order of timers is Node's, not a race.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(delivered).to.deep.equal(['now']);
    await transport.close();
    broker.shutdown();
  });
});
