import { expect } from 'chai';
import { batchItemOutcomes } from '../../src/service/batch-results';

describe('service/batch-results', () => {
  it('takes a plain array as the items’ results', () => {
    expect(batchItemOutcomes('S.m', ['a', { ok: true }, null], 3)).to.deep.equal([{ ok: true, value: 'a' }, { ok: true, value: { ok: true } }, { ok: true, value: null }]);
  });

  it('takes an array of outcomes per item only when every entry is one', () => {
    const failure = new Error('full');
    expect(batchItemOutcomes('S.m', [{ ok: true, value: 1 }, { ok: false, error: failure }], 2)).to.deep.equal([{ ok: true, value: 1 }, { ok: false, error: failure }]);
    // One entry with a third key: the whole answer is plain results.
    expect(batchItemOutcomes('S.m', [{ ok: true, value: 1 }, { ok: true, value: 2, extra: 0 }], 2)).to.deep.equal([
      { ok: true, value: { ok: true, value: 1 } }, { ok: true, value: { ok: true, value: 2, extra: 0 } },
    ]);
  });

  it('refuses an answer that is not an array or not one entry per item with BatchResultsMismatchError', () => {
    expect(() => batchItemOutcomes('S.m', undefined, 2)).to.throw('the batch handler of S.m was given 2 tasks and answered a undefined, not an array').with.property('code', 'BATCH_RESULTS_MISMATCH');
    expect(() => batchItemOutcomes('S.m', null, 2)).to.throw(/answered null/);
    expect(() => batchItemOutcomes('S.m', [1, 2, 3], 2)).to.throw(/was given 2 tasks and answered 3 results/);
  });
});
