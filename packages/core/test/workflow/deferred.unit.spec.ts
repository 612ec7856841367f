import { expect } from 'chai';
import { InvalidArgumentsError } from '../../src/errors/invalid-arguments-error';
import { Deferred } from '../../src/workflow/deferred';
import { rejectionOf } from '../support/rejection-of';

/** Lets every queued microtask and one macrotask turn run. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('workflow/deferred', () => {
  describe('status', () => {
    it('is ongoing, then completed, and keeps the first value', async () => {
      const d = new Deferred<number>();
      expect(d.status()).to.equal('ongoing');
      d.complete(1);
      expect(d.status()).to.equal('completed');
      d.complete(2);
      d.fail(new Error('late'));
      expect(d.status()).to.equal('completed');
      expect(await d).to.equal(1);
    });

    it('is ongoing, then failed, and keeps the first error', async () => {
      const d = new Deferred<number>();
      const first = new Error('first');
      d.fail(first);
      expect(d.status()).to.equal('failed');
      d.fail(new Error('second'));
      d.complete(3);
      expect(d.status()).to.equal('failed');
      expect(await rejectionOf(d)).to.equal(first);
    });

    it('hands its reader a copy of the value it was completed with, so code changing it cannot change history', async () => {
      const recorded = { list: [1, 2], nested: { n: 1 } };
      const d = new Deferred<typeof recorded>();
      d.complete(recorded);
      const value = await d;
      value.list.push(3);
      value.nested.n = 2;
      expect(recorded).to.deep.equal({ list: [1, 2], nested: { n: 1 } });
      expect(await d).to.equal(value);
    });

    it('passes then() callbacks through like a promise', async () => {
      const d = new Deferred<number>();
      const doubled = d.then((v) => v * 2);
      d.complete(21);
      expect(await doubled).to.equal(42);
      const failed = new Deferred<number>();
      const recovered = failed.then(() => 'no', (e) => `caught ${(e as Error).message}`);
      failed.fail(new Error('x'));
      expect(await recovered).to.equal('caught x');
    });
  });

  describe('all', () => {
    it('completes with the values in argument order, whatever the completion order', async () => {
      // Typed as unknown: inside this project the private fields make Deferred<T> invariant (the .d.ts is not).
      const a = new Deferred<unknown>();
      const b = new Deferred<unknown>();
      const c = new Deferred<unknown>();
      const all = Deferred.all(a, b, c);
      c.complete(true);
      a.complete('a');
      await turn();
      expect(all.status()).to.equal('ongoing');
      b.complete(2);
      await turn();
      expect(all.status()).to.equal('completed');
      expect(await all).to.deep.equal(['a', 2, true]);
    });

    it('fails as soon as one fails, while the others are still ongoing', async () => {
      const a = new Deferred<unknown>();
      const b = new Deferred<unknown>();
      const c = new Deferred<unknown>();
      const all = Deferred.all(a, b, c);
      const error = new Error('b failed');
      b.fail(error);
      await turn();
      expect(all.status()).to.equal('failed');
      expect(a.status()).to.equal('ongoing');
      expect(c.status()).to.equal('ongoing');
      expect(await rejectionOf(all)).to.equal(error);
      c.fail(new Error('later'));
      a.complete(1);
      await turn();
      expect(await rejectionOf(all)).to.equal(error);
    });

    it('completes at once with no deferreds', async () => {
      const all = Deferred.all();
      expect(all.status()).to.equal('completed');
      expect(await all).to.deep.equal([]);
    });
  });

  describe('any', () => {
    it('completes with the first to complete', async () => {
      const a = new Deferred<string>();
      const b = new Deferred<string>();
      const any = Deferred.any(a, b);
      b.complete('b');
      await turn();
      expect(any.status()).to.equal('completed');
      a.complete('a');
      await turn();
      expect(await any).to.equal('b');
    });

    it('ignores failures while one may still complete', async () => {
      const a = new Deferred<string>();
      const b = new Deferred<string>();
      const any = Deferred.any(a, b);
      a.fail(new Error('a failed'));
      await turn();
      expect(any.status()).to.equal('ongoing');
      b.complete('b');
      await turn();
      expect(await any).to.equal('b');
    });

    it('fails only when all fail, with the last failure', async () => {
      const a = new Deferred<string>();
      const b = new Deferred<string>();
      const c = new Deferred<string>();
      const any = Deferred.any(a, b, c);
      const last = new Error('c failed');
      b.fail(new Error('b failed'));
      a.fail(new Error('a failed'));
      await turn();
      expect(any.status()).to.equal('ongoing');
      c.fail(last);
      await turn();
      expect(any.status()).to.equal('failed');
      expect(await rejectionOf(any)).to.equal(last);
    });

    it('fails at once with InvalidArgumentsError when given no deferreds, as nothing could ever complete it', async () => {
      const any = Deferred.any();
      expect(any.status()).to.equal('failed');
      const error = await rejectionOf(any);
      expect(error).to.be.instanceOf(InvalidArgumentsError);
      expect(error).to.include({ code: 'INVALID_ARGUMENTS', retriable: false, target: 'Deferred.any' });
    });
  });

  describe('a failure nobody awaits', () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    beforeEach(() => {
      unhandled.length = 0;
      process.on('unhandledRejection', listener);
    });
    afterEach(() => {
      process.off('unhandledRejection', listener);
    });

    it('causes no unhandledRejection, alone or combined, and still reaches a later reader', async () => {
      const lone = new Deferred<number>();
      lone.fail(new Error('lone'));
      const a = new Deferred<unknown>();
      const b = new Deferred<unknown>();
      const all = Deferred.all(a, b);
      const any = Deferred.any(a, b);
      a.fail(new Error('a'));
      b.fail(new Error('b'));
      await turn();
      await turn();
      expect(unhandled).to.deep.equal([]);
      expect([lone, a, b, all, any].map((d) => d.status())).to.deep.equal(['failed', 'failed', 'failed', 'failed', 'failed']);
      expect(((await rejectionOf(lone)) as Error).message).to.equal('lone');
    });
  });
});
