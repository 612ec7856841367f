import { expect } from 'chai';
import { createInMemoryTransport, InMemoryBroker } from '../src';
import { signal, signalValue } from './support/envelope';

describe('in-memory transport on the system clock', () => {
  it('holds a message due in 30 days (past what one Node timer can wait) instead of delivering it at once', async () => {
    const transport = createInMemoryTransport({ broker: new InMemoryBroker() });
    const got: unknown[] = [];
    await transport.subscribe('t', 'g', async (d) => void got.push(signalValue(d.envelope)), { order: 'per-key', deadLetterTopic: 'dlq' });
    await transport.publish('t', signal('in 30 days'), { key: 'k', deliverAt: Date.now() + 30 * 86_400_000 });
    await transport.publish('t', signal('now'), { key: 'n' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(got).to.deep.equal(['now']);
    await transport.close();
  });
});
