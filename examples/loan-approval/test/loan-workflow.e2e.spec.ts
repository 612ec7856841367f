import { hasErrorCode } from '@cadenza/core';
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { LoanWorkflow } from '../src/loan-workflow';
import { type LoanOffice, startLoanOffice } from '../src/run-loans';

/** Polls `check` every 20 ms until it holds; fails after 10 s. */
const until = async (check: () => Promise<boolean>): Promise<void> => {
  for (const deadline = Date.now() + 10_000; !(await check()); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > deadline) throw new Error('the condition never held');
  }
};

describe('the loan-approval example', function () {
  this.timeout(60_000);
  let office: LoanOffice | undefined;
  afterEach(async () => {
    await office?.stop();
    office = undefined;
  });

  for (const cacheSize of [10_000, 0]) {
    describe(cacheSize === 0 ? 'with a replay at every step' : 'with a warm cache', () => {
      it('approves a loan when an officer approves it in time, answering the status query while it waits', async () => {
        office = await startLoanOffice({ cacheSize });
        const handle = await office.client.dispatch(office.client.newWorkflow(LoanWorkflow, { id: 'alice' }).apply, { applicant: 'alice', amount: 5_000, approvalTimeoutMs: 30_000 });
        const loan = office.client.getById(LoanWorkflow, 'alice');
        await until(async () => (await loan.query('status')) === 'waiting for approval');
        await handle.send('approval', { approved: true, officer: 'olga' });
        expect(await handle.result()).to.deep.equal({ status: 'approved', officer: 'olga', score: 500 });
        expect(office.sent.get('alice')).to.deep.equal(['approved by olga']);
      });

      it('rejects a loan when nobody approves it before the timeout', async () => {
        office = await startLoanOffice({ cacheSize });
        const decision = await office.client.newWorkflow(LoanWorkflow).apply({ applicant: 'bob', amount: 2_000, approvalTimeoutMs: 300 });
        expect(decision).to.deep.equal({ status: 'rejected', reason: 'no answer in time', score: 500 });
        expect(office.sent.get('bob')).to.deep.equal(['rejected: no answer in time']);
      });

      it('rejects a loan an officer declines, and one whose score is too low without asking', async () => {
        office = await startLoanOffice({ cacheSize, scores: { carol: 120 } });
        const handle = await office.client.dispatch(office.client.newWorkflow(LoanWorkflow, { id: 'dan' }).apply, { applicant: 'dan', amount: 700, approvalTimeoutMs: 30_000 });
        await handle.send('approval', { approved: false, officer: 'omar' });
        expect(await handle.result()).to.deep.equal({ status: 'rejected', reason: 'declined', score: 500, officer: 'omar' });
        expect(await office.client.newWorkflow(LoanWorkflow).apply({ applicant: 'carol', amount: 900, approvalTimeoutMs: 30_000 }))
          .to.deep.equal({ status: 'rejected', reason: 'low score', score: 120 });
      });
    });
  }

  it('refuses an application with a negative amount or timeout at dispatch', async () => {
    office = await startLoanOffice();
    for (const bad of [{ applicant: 'eve', amount: -1, approvalTimeoutMs: 100 }, { applicant: 'eve', amount: 1, approvalTimeoutMs: -100 }]) {
      const error = await office.client.newWorkflow(LoanWorkflow).apply(bad).then(() => undefined, (e: unknown) => e);
      expect(hasErrorCode(error, 'INVALID_ARGUMENTS'), String(error)).to.equal(true);
    }
  });

  it('npm start decides three applications', () => {
    const result = spawnSync(process.execPath, [join(__dirname, '../src/main.js')], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.contain('alice status: waiting for approval');
    expect(result.stdout).to.contain('alice: {"status":"approved","officer":"olga","score":500}');
    expect(result.stdout).to.contain('carol: {"status":"rejected","reason":"low score","score":120}');
    expect(result.stdout).to.contain('bob:   {"status":"rejected","reason":"no answer in time","score":500}');
  });
});
