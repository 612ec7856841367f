import { type HistoryStore, TOKENS } from '@cadenza/core';
import { expect } from 'chai';
import { Container } from 'inversify';
import { eventStoreDbHistoryAdapter, eventStoreDbModule } from '../src';

describe('eventStoreDbModule', () => {
  it('binds one EventStoreDB history store without connecting until it is used', async () => {
    const container = new Container();
    await container.load(eventStoreDbModule({ type: 'eventstoredb', connectionString: 'esdb://127.0.0.1:1?tls=false' }));
    const store = container.get<HistoryStore>(TOKENS.HistoryStore);
    expect(store.capabilities).to.deep.equal({ durable: true, sweepsTombstones: false, tags: true });
    expect(container.get<HistoryStore>(TOKENS.HistoryStore)).to.equal(store);
    await store.close();
  });

  it('checks options when the module is made, naming the field', () => {
    expect(() => eventStoreDbModule({ type: 'eventstoredb' }, 'history')).to.throw(/history\.connectionString/);
  });

  it('registers as history type eventstoredb', () => {
    expect(eventStoreDbHistoryAdapter).to.include({ kind: 'history', type: 'eventstoredb' });
  });
});
