import { expect } from 'chai';
import type { ErrorData } from '../../src/model/error-data';
import { defaultRetryPolicy, isRetriable, resolveRetryPolicy, retryDelayMs, type RetryPolicy } from '../../src/service/retry-policy';
import { thrownBy } from '../support/rejection-of';

const noJitter = () => 0.5;
const failure = (extra: Partial<ErrorData> = {}): ErrorData => ({ name: 'Error', message: 'boom', ...extra });

describe('service/retry-policy', () => {
  describe('defaults', () => {
    it("are Infinitic's: 1 s, doubling, ±50 %, capped at 1,000 s, 12 attempts", () => {
      expect(defaultRetryPolicy).to.deep.equal({
        maxAttempts: 12, initialDelayMs: 1_000, backoffFactor: 2, maxDelayMs: 1_000_000, jitter: 0.5, nonRetriableErrors: [],
      });
      expect(resolveRetryPolicy()).to.deep.equal(defaultRetryPolicy);
      expect(resolveRetryPolicy({})).to.deep.equal(defaultRetryPolicy);
    });

    it('allow 11 retries: attempts 2 to 12 have a delay, attempt 13 has none', () => {
      const policy = resolveRetryPolicy();
      const retries = [];
      for (let attempt = 2; attempt <= 20; attempt++) if (retryDelayMs(policy, attempt, noJitter) !== undefined) retries.push(attempt);
      expect(retries).to.deep.equal([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    });

    it('keep a field that is not given and override one that is', () => {
      expect(resolveRetryPolicy({ maxAttempts: 3, nonRetriableErrors: ['TypeError'] })).to.deep.equal({ ...defaultRetryPolicy, maxAttempts: 3, nonRetriableErrors: ['TypeError'] });
    });

    it('do not change when a resolved policy is changed', () => {
      const policy = resolveRetryPolicy();
      policy.maxAttempts = 1;
      expect(resolveRetryPolicy().maxAttempts).to.equal(12);
    });
  });

  describe('retryDelayMs', () => {
    it('doubles from 1 s with a random of 0.5 (no jitter), up to the cap', () => {
      const policy = resolveRetryPolicy();
      const delays = [];
      for (let attempt = 2; attempt <= 12; attempt++) delays.push(retryDelayMs(policy, attempt, noJitter));
      expect(delays).to.deep.equal([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000, 1_000_000]);
    });

    it('never exceeds maxDelayMs before jitter', () => {
      const policy = resolveRetryPolicy({ maxAttempts: 50, initialDelayMs: 100, backoffFactor: 3, maxDelayMs: 5_000 });
      expect([2, 3, 4, 5, 6, 49, 50].map((n) => retryDelayMs(policy, n, noJitter))).to.deep.equal([100, 300, 900, 2_700, 5_000, 5_000, 5_000]);
    });

    it('spreads each wait by ± jitter: random 0 gives the lower bound, random 1 the upper', () => {
      const policy = resolveRetryPolicy();
      expect(retryDelayMs(policy, 2, () => 0)).to.equal(500);
      expect(retryDelayMs(policy, 2, () => 1)).to.equal(1_500);
      expect(retryDelayMs(policy, 4, () => 0)).to.equal(2_000);
      expect(retryDelayMs(policy, 4, () => 1)).to.equal(6_000);
    });

    it('stays within the jitter bounds for any random in [0, 1)', () => {
      const policy = resolveRetryPolicy({ jitter: 0.2 });
      for (let i = 0; i < 1_000; i++) {
        const r = i / 1_000;
        const delay = retryDelayMs(policy, 3, () => r)!;
        expect(delay).to.be.within(1_600, 2_400);
      }
    });

    it('ignores the random when jitter is 0', () => {
      const policy = resolveRetryPolicy({ jitter: 0 });
      expect([0, 0.3, 0.999].map((r) => retryDelayMs(policy, 3, () => r))).to.deep.equal([2_000, 2_000, 2_000]);
    });

    it('is undefined once maxAttempts is used up', () => {
      const policy = resolveRetryPolicy({ maxAttempts: 3 });
      expect(retryDelayMs(policy, 3, noJitter)).to.equal(2_000);
      expect(retryDelayMs(policy, 4, noJitter)).to.equal(undefined);
      expect(retryDelayMs(resolveRetryPolicy({ maxAttempts: 1 }), 2, noJitter)).to.equal(undefined);
    });

    it('rounds to whole milliseconds', () => {
      const policy = resolveRetryPolicy({ initialDelayMs: 3, backoffFactor: 1.5, jitter: 0 });
      expect(retryDelayMs(policy, 3, noJitter)).to.equal(5); // 4.5 rounds up
    });
  });

  describe('resolveRetryPolicy refuses', () => {
    const invalid: Array<[RetryPolicy, string]> = [
      [{ maxAttempts: 0 }, 'retry.maxAttempts: expected an integer ≥ 1, got 0'],
      [{ maxAttempts: 2.5 }, 'retry.maxAttempts: expected an integer ≥ 1, got 2.5'],
      [{ initialDelayMs: -1 }, 'retry.initialDelayMs: expected a number ≥ 0, got -1'],
      [{ backoffFactor: 0.5 }, 'retry.backoffFactor: expected a number ≥ 1, got 0.5'],
      [{ initialDelayMs: 10_000, maxDelayMs: 5_000 }, 'retry.maxDelayMs: expected a number ≥ initialDelayMs, got 5000'],
      [{ jitter: 1.5 }, 'retry.jitter: expected a number in [0, 1], got 1.5'],
      [{ jitter: -0.1 }, 'retry.jitter: expected a number in [0, 1], got -0.1'],
    ];
    for (const [policy, message] of invalid) {
      it(`${JSON.stringify(policy)} with a RangeError naming the field`, () => {
        const error = thrownBy(() => resolveRetryPolicy(policy));
        expect(error).to.be.instanceOf(RangeError);
        expect((error as Error).message).to.equal(message);
      });
    }

    it('a bad field under the path it is given', () => {
      const error = thrownBy(() => resolveRetryPolicy({ maxAttempts: 0 }, 'BankService.methods.deposit.retry'));
      expect((error as Error).message).to.equal('BankService.methods.deposit.retry.maxAttempts: expected an integer ≥ 1, got 0');
    });

    it('a value that is not a number (NaN)', () => {
      expect(thrownBy(() => resolveRetryPolicy({ initialDelayMs: Number.NaN }))).to.be.instanceOf(RangeError);
      expect(thrownBy(() => resolveRetryPolicy({ jitter: Number.NaN }))).to.be.instanceOf(RangeError);
    });
  });

  describe('resolveRetryPolicy with a field set to undefined', () => {
    // `{ maxAttempts: opts.max }` type-checks when `opts.max` is undefined; the documented default should apply.
    it('takes the default maxAttempts', () => {
      expect(() => resolveRetryPolicy({ maxAttempts: undefined })).not.to.throw();
      expect(resolveRetryPolicy({ maxAttempts: undefined }).maxAttempts).to.equal(12);
    });

    it('takes the default nonRetriableErrors, so isRetriable still works', () => {
      const resolved = resolveRetryPolicy({ nonRetriableErrors: undefined });
      expect(resolved.nonRetriableErrors).to.deep.equal([]);
      expect(isRetriable(resolved, failure())).to.equal(true);
    });
  });

  describe('isRetriable', () => {
    const policy = resolveRetryPolicy({ nonRetriableErrors: ['ValidationError'] });

    it('retries an error that says nothing, or says retriable: true', () => {
      expect(isRetriable(policy, failure())).to.equal(true);
      expect(isRetriable(policy, failure({ retriable: true, code: 'TRANSPORT' }))).to.equal(true);
    });

    it('never retries an error marked retriable: false', () => {
      expect(isRetriable(policy, failure({ retriable: false }))).to.equal(false);
      expect(isRetriable(resolveRetryPolicy(), failure({ name: 'TerminalTaskError', code: 'TASK_TERMINAL', retriable: false }))).to.equal(false);
    });

    it('never retries an error whose name is in nonRetriableErrors, even if marked retriable', () => {
      expect(isRetriable(policy, failure({ name: 'ValidationError' }))).to.equal(false);
      expect(isRetriable(policy, failure({ name: 'ValidationError', retriable: true }))).to.equal(false);
    });

    it('matches names exactly, not by substring', () => {
      expect(isRetriable(policy, failure({ name: 'Validation' }))).to.equal(true);
      expect(isRetriable(policy, failure({ name: 'ValidationErrorX' }))).to.equal(true);
    });
  });
});
