import { LoanWorkflow } from './loan-workflow';
import { startLoanOffice } from './run-loans';

/** `npm start`: three applications on in-memory adapters: one approved, one low score, one nobody answers in time. */
const main = async (): Promise<void> => {
  const office = await startLoanOffice({ scores: { carol: 120 } });
  try {
    const approved = await office.client.dispatch(office.client.newWorkflow(LoanWorkflow, { id: 'loan-alice' }).apply, { applicant: 'alice', amount: 5_000, approvalTimeoutMs: 60_000 });
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
