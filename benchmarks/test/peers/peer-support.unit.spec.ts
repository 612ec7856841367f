import { expect } from 'chai';
import { withDatabase } from '../../src/peers/dbos-bank';
import { createPeerBank, wireRequest } from '../../src/peers/peer-bank';
import { installPromiseWithResolvers } from '../../src/peers/promise-with-resolvers';
import { withTimeout } from '../../src/peers/wait-until';

describe('peer support', () => {
  it('sends the peers the transfers our harness sends', () => {
    expect(wireRequest(0)).to.deep.equal({ wireId: 'wire-0', from: 'alice', to: 'bob', amount: 1 });
    expect(wireRequest(1)).to.deep.equal({ wireId: 'wire-1', from: 'bob', to: 'alice', amount: 1 });
  });

  it('applies each step of a transfer once however often a peer retries it', () => {
    const bank = createPeerBank();
    const r = wireRequest(0);
    expect(() => {
      bank.withdraw(r);
      bank.withdraw(r);
      bank.deposit(r);
      bank.email(r);
    }).not.to.throw();
    expect(() => bank.withdraw({ ...r, wireId: 'w', from: 'carol' })).to.throw('unknown account carol');
  });

  it('points a PostgreSQL URL at another database, keeping user, host and port', () => {
    expect(withDatabase('postgres://postgres@127.0.0.1:5432/test', 'bench_dbos_1')).to.equal('postgres://postgres@127.0.0.1:5432/bench_dbos_1');
  });

  it('gives Node 20 a Promise.withResolvers whose functions settle its promise', async () => {
    installPromiseWithResolvers();
    const withResolvers = (Promise as unknown as { withResolvers<T>(): { promise: Promise<T>; resolve(v: T): void; reject(e: unknown): void } }).withResolvers;
    const a = withResolvers.call(Promise) as { promise: Promise<number>; resolve(v: number): void };
    a.resolve(7);
    expect(await a.promise).to.equal(7);
    const b = withResolvers.call(Promise) as { promise: Promise<number>; reject(e: unknown): void };
    b.reject(new Error('no'));
    let error: unknown;
    await b.promise.catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(Error);
  });

  it('rejects a promise that does not settle in time, and passes one that does', async () => {
    expect(await withTimeout(Promise.resolve(3), 1_000)).to.equal(3);
    let error: unknown;
    await withTimeout(new Promise(() => undefined), 10).catch((e: unknown) => (error = e));
    expect(String(error)).to.contain('no answer in 10 ms');
  });
});
