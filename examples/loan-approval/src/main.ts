import { LoanWorkflow } from './loan-workflow';
import { startLoanOffice } from './run-loans';

/**
 * `npm start`: three applications on in-memory adapters: one approved (its `status` queried while it waits),
 * one with a low score, one that nobody answers in time.
 */
const main = async (): Promise<void> => {
  const office = await startLoanOffice({ scores: { carol: 120 } });
  try {
    const approved = await office.client.dispatch(office.client.newWorkflow(LoanWorkflow, { id: 'loan-alice' }).apply, { applicant: 'alice', amount: 5_000, approvalTimeoutMs: 60_000 });
    const loan = office.client.getById(LoanWorkflow, 'loan-alice');
    let status = await loan.query('status');
    for (let polls = 0; status !== 'waiting for approval' && polls < 500; polls++) status = await loan.query('status');
    console.log('alice status:', status);
    await approved.send('approval', { approved: true, officer: 'olga' });
    console.log('alice:', JSON.stringify(await approved.result()));
    console.log('carol:', JSON.stringify(await office.client.newWorkflow(LoanWorkflow).apply({ applicant: 'carol', amount: 900, approvalTimeoutMs: 60_000 })));
    console.log('bob:  ', JSON.stringify(await office.client.newWorkflow(LoanWorkflow).apply({ applicant: 'bob', amount: 2_000, approvalTimeoutMs: 500 })));
  } finally {
    await office.stop();
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
