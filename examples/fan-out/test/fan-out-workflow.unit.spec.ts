import { expect } from 'chai';
import { isRight } from 'fp-ts/lib/Either';
import { expectedSum, FanOutWorkflow, MAX_FAN_OUT } from '../src/fan-out-workflow';

describe('FanOutWorkflow', () => {
  it('expects the sum of the squares of 1..n', () => {
    for (const n of [1, 2, 10, 1_000]) expect(expectedSum(n)).to.equal(Array.from({ length: n }, (_, i) => (i + 1) ** 2).reduce((a, b) => a + b, 0));
  });

  it('takes a fan-out of 1 to 10,000 tasks, and nothing else', () => {
    const accepts = (n: unknown) => isRight(FanOutWorkflow.methods.run.args.decode([n]));
    expect([1, 1_000, MAX_FAN_OUT].map(accepts)).to.deep.equal([true, true, true]);
    expect([0, -1, 2.5, MAX_FAN_OUT + 1, '10'].map(accepts)).to.deep.equal([false, false, false, false, false]);
  });
});
