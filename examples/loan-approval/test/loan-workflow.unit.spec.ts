import { expect } from 'chai';
import { isRight } from 'fp-ts/lib/Either';
import { LoanWorkflow } from '../src/loan-workflow';

describe('LoanWorkflow', () => {
  it('takes an application with a positive amount and a positive approval timeout, and nothing else', () => {
    const accepts = (application: unknown) => isRight(LoanWorkflow.methods.apply.args.decode([application]));
    expect(accepts({ applicant: 'alice', amount: 10, approvalTimeoutMs: 1_000 })).to.equal(true);
    for (const bad of [{ applicant: 'a', amount: 0, approvalTimeoutMs: 1 }, { applicant: 'a', amount: 1, approvalTimeoutMs: Infinity }, { amount: 1, approvalTimeoutMs: 1 }]) {
      expect(accepts(bad), JSON.stringify(bad)).to.equal(false);
    }
  });
});
