import { type HistoryStore, TOKENS } from '@cadenza/core';
import { expect } from 'chai';
import { Container } from 'inversify';
import { postgresHistoryAdapter, postgresModule } from '../src';

describe('postgresModule', () => {
  it('binds one PostgreSQL history store without connecting until it is used', async () => {
    const container = new Container();
    await container.load(postgresModule({ type: 'postgres', connectionString: 'postgres://postgres@127.0.0.1:1/none' }));
    const store = container.get<HistoryStore>(TOKENS.HistoryStore);
    expect(store.capabilities).to.deep.equal({ durable: true, tags: true });
    expect(container.get<HistoryStore>(TOKENS.HistoryStore)).to.equal(store);
    await store.close();
  });

  it('checks options when the module is made, naming the field', () => {
    expect(() => postgresModule({ type: 'postgres' }, 'history')).to.throw(/history\.connectionString/);
  });

  it('registers as history type postgres', () => {
    expect(postgresHistoryAdapter).to.include({ kind: 'history', type: 'postgres' });
  });
});
