import { expect } from 'chai';
import { TransportError } from '../../src/errors/transport-error';
import { judgeRejection, redeliveryDelayMs, resolveFailurePolicy } from '../../src/ports/redelivery-policy';

describe('the failure policy of subscriptions', () => {
  it('defaults to 10 counted deliveries and a backoff of 100 ms doubling up to 30 s', () => {
    const policy = resolveFailurePolicy({});
    expect(policy).to.deep.equal({ maxDeliveries: 10, initialDelayMs: 100, maxDelayMs: 30_000, backoffFactor: 2 });
    expect([1, 2, 3, 4, 9, 10, 50, 5_000].map((n) => redeliveryDelayMs(policy, n))).to.deep.equal([100, 200, 400, 800, 25_600, 30_000, 30_000, 30_000]);
  });

  it('reads the older redeliveryDelayMs as the first wait, unless redelivery.initialDelayMs is given', () => {
    expect(resolveFailurePolicy({ redeliveryDelayMs: 10 }).initialDelayMs).to.equal(10);
    expect(resolveFailurePolicy({ redeliveryDelayMs: 10, redelivery: { initialDelayMs: 20 } }).initialDelayMs).to.equal(20);
  });

  it('raises the default cap to a longer first wait, but keeps a cap that is given', () => {
    expect(resolveFailurePolicy({ redeliveryDelayMs: 60_000 }).maxDelayMs).to.equal(60_000);
    expect(() => resolveFailurePolicy({ redelivery: { initialDelayMs: 60_000, maxDelayMs: 1_000 } })).to.throw(/maxDelayMs/);
  });

  it('refuses bad options, naming the field', () => {
    expect(() => resolveFailurePolicy({ maxDeliveries: 0 })).to.throw(/subscribe\.maxDeliveries: expected an integer ≥ 1, got 0/);
    expect(() => resolveFailurePolicy({ redelivery: { backoffFactor: 0.5 } })).to.throw(/subscribe\.redelivery\.backoffFactor/);
    expect(() => resolveFailurePolicy({ redelivery: { initialDelayMs: 100, maxDelayMs: 50 } })).to.throw(/subscribe\.redelivery\.maxDelayMs/);
  });

  it('redelivers transient rejections at any count, and dead-letters others once maxDeliveries count', () => {
    const policy = resolveFailurePolicy({ maxDeliveries: 3 });
    const transient = new TransportError('store away', true);
    expect(judgeRejection(policy, transient, { deliveries: 1_000, transientRejections: 999 })).to.deep.equal({ action: 'redeliver', delayMs: 30_000, transient: true });
    expect(judgeRejection(policy, new Error('bug'), { deliveries: 5, transientRejections: 3 })).to.deep.include({ action: 'redeliver', transient: false });
    const verdict = judgeRejection(policy, new Error('bug'), { deliveries: 6, transientRejections: 3 });
    expect(verdict.action).to.equal('dead-letter');
    expect(verdict.action === 'dead-letter' && verdict.reason).to.equal('rejected 3 times (6 deliveries), last: Error: bug');
  });
});
