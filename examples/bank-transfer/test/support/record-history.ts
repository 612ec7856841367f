import {
  createClient, createContainer, createWorker, type Logger, resolveHistoryStore, resolveTransport, type ServiceImplementation, type StoredEvent,
} from '@cadenza/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BankService, BankService as BankServiceDefinition, BankWorkflow, createBankService, createEmailService, EmailService, Ledger } from '../../src';

/**
 * `npm run record:history -w @cadenza/example-bank-transfer`: runs the bank workflow and writes its
 * histories to test/histories/bank-workflow/<version>-<case>.json. Recorded files are never edited by hand,
 * and old ones stay: they prove that new code still replays old histories.
 */
const version = (JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;
const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };

const record = async (): Promise<void> => {
  const container = createContainer({ transport: { type: 'in-memory' }, history: { type: 'in-memory' } }, { transport: true, history: true });
  const transport = await resolveTransport(container);
  const history = await resolveHistoryStore(container);
  const ledger = new Ledger({ alice: 1_000, bob: 1_000 });
  const bank = createBankService(ledger);
  let depositFails = false;
  const flakyBank: ServiceImplementation<BankService> = {
    ...bank,
    deposit: async (...args) => {
      if (depositFails) throw new Error('deposit refused');
      return bank.deposit(...args);
    },
  };
  const worker = createWorker({ transport, history, logger: silent, retainHistory: true, namespace: 'record' })
    .registerWorkflow(BankWorkflow)
    .registerService(BankServiceDefinition, flakyBank, { retry: { maxAttempts: 2, initialDelayMs: 5, jitter: 0 } })
    .registerService(EmailService, createEmailService(new Map()));
  await worker.start();
  const client = createClient({ transport, logger: silent, namespace: 'record' });
  const save = async (name: string, workflowId: string) => {
    const { events } = await history.read(`record.BankWorkflow-${workflowId}`);
    const file = join(__dirname, '../../../test/histories/bank-workflow', `${version}-${name}.json`);
    writeFileSync(file, `${JSON.stringify({ workflowId, events: events.map(({ revision, type, data, metadata }: StoredEvent) => ({ revision, type, data, metadata })) }, null, 2)}\n`);
    console.log(`recorded ${file}`);
  };

  await client.newWorkflow(BankWorkflow, { id: 'recorded-completed' }).wire('recorded-completed', 'alice', 'bob', 100);
  await save('completed', 'recorded-completed');

  depositFails = true;
  await client.newWorkflow(BankWorkflow, { id: 'recorded-retried' }).wire('recorded-retried', 'alice', 'bob', 50).catch(() => undefined);
  depositFails = false;
  await client.getById(BankWorkflow, 'recorded-retried').retry();
  for (let i = 0; i < 200 && (await history.read('record.BankWorkflow-recorded-retried')).events.at(-1)?.type !== 'WorkflowCompleted'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await save('failed-then-retried', 'recorded-retried');
  await client.close();
  await worker.stop();
  await transport.close();
};

record().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
