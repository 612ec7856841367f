import { createWorker, type HistoryStore, type Worker } from '@cadenza/core';
import { BankService, BankWorkflow, createBankService, createEmailService, EmailService, Ledger } from '@cadenza/example-bank-transfer';
import { createInMemoryHistoryStore } from '@cadenza/in-memory';
import { quietLogger } from '../support/quiet-logger';
import { createDurableTransport, type DurableEnv } from './durable-env';

/** The processes of the multi-process layout besides the client. */
export type BankRole = 'workflow-worker' | 'service-worker';

/** What a role process is told, as its one argument (JSON). */
export interface BankRoleSpec {
  readonly role: BankRole;
  readonly env: DurableEnv;
  readonly namespace: string;
  readonly schema: string;
}

/** Messages between the parent and a role process. */
export type RoleMessage = { readonly type: 'ready' } | { readonly type: 'failed'; readonly reason: string } | { readonly type: 'stop' };

/** The history of a role: PostgreSQL for the workflow worker; the service worker reads none, so in memory. */
const roleHistory = async (spec: BankRoleSpec): Promise<HistoryStore> => {
  if (spec.role === 'service-worker') return createInMemoryHistoryStore();
  const postgres = await import('@cadenza/postgres');
  const store = postgres.createPostgresHistoryStore({ type: 'postgres', connectionString: spec.env.postgresUrl, schema: spec.schema });
  await store.ready();
  return store;
};

/** Starts the worker of one role with default options: the bank workflow alone, or both services alone. */
export const startBankRole = async (spec: BankRoleSpec): Promise<Worker> => {
  const worker = createWorker({ transport: await createDurableTransport(spec.env), history: await roleHistory(spec), namespace: spec.namespace, logger: quietLogger });
  if (spec.role === 'workflow-worker') worker.registerWorkflow(BankWorkflow);
  else {
    worker.registerService(BankService, createBankService(new Ledger({ alice: 1_000_000_000, bob: 1_000_000_000 })))
      .registerService(EmailService, createEmailService(new Map()));
  }
  await worker.start();
  return worker;
};

const send = (message: RoleMessage): Promise<void> =>
  new Promise((resolve) => (process.send ? process.send(message, undefined, undefined, () => resolve()) : resolve()));

/** The role process: starts, says `ready`, stops on `stop` (or when the parent goes) and exits. */
const main = async (): Promise<void> => {
  const spec = JSON.parse(process.argv[2] ?? '{}') as BankRoleSpec;
  let worker: Worker;
  try {
    worker = await startBankRole(spec);
  } catch (error) {
    await send({ type: 'failed', reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    process.exit(1);
  }
  const stop = async (): Promise<void> => {
    await worker.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('message', (message: RoleMessage) => void (message.type === 'stop' ? stop() : undefined));
  process.on('disconnect', () => void stop());
  await send({ type: 'ready' });
};

if (require.main === module) void main();
