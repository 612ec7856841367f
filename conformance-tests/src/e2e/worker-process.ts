import { type CadenzaConfig, createWorker, taskContext } from '@cadenza/core';
import { BankService, BankWorkflow, EmailService } from '@cadenza/example-bank-transfer';
import { appendLedgerLine } from './ledger-file';

/**
 * A worker process for the kill-and-restart tests: `node worker-process.js workflows|services`, with
 * CADENZA_E2E_CONFIG (the config as JSON) and CADENZA_E2E_LEDGER (the ledger file). Prints `ready` once
 * its consumers are attached; it is meant to be killed with SIGKILL.
 */
const main = async (): Promise<void> => {
  const role = process.argv[2];
  const config = JSON.parse(process.env.CADENZA_E2E_CONFIG ?? '{}') as CadenzaConfig;
  const ledger = process.env.CADENZA_E2E_LEDGER;
  if (!ledger || (role !== 'workflows' && role !== 'services')) throw new Error('usage: worker-process.js workflows|services with CADENZA_E2E_CONFIG and CADENZA_E2E_LEDGER');
  const slow = () => new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10));
  const move = (method: string) => async (_wireId: string, account: string, amount: number) => {
    const { taskId } = taskContext();
    await slow();
    appendLedgerLine(ledger, { taskId, method, account, delta: method === 'withdraw' ? -amount : method === 'deposit' ? amount : 0 });
  };
  const worker = createWorker({ logLevel: 'error', ...config });
  if (role === 'workflows') worker.registerWorkflow(BankWorkflow);
  else worker.registerService(BankService, { withdraw: move('withdraw'), deposit: move('deposit') }, { concurrency: 8, retry: { initialDelayMs: 100, jitter: 0 } })
    .registerService(EmailService, { send: move('send') }, { concurrency: 8 });
  // A worker that gave up exits non-zero, so the test's supervisor starts a new one (never an idle process).
  void worker.stopped.then((stopped) => {
    if (stopped.cause !== 'fatal') return;
    console.error(stopped.error);
    process.exit(1);
  });
  await worker.start();
  console.log('ready');
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
