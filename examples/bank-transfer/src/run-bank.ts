import { type CadenzaConfig, type Client, createClient, createContainer, createWorker, resolveHistoryStore, resolveTransport, type Worker } from '@cadenza/core';
import { createBankService, createEmailService } from './bank-implementations';
import { BankService } from './bank-service';
import { BankWorkflow } from './bank-workflow';
import { EmailService } from './email-service';
import { Ledger } from './ledger';
import { recordingHistoryStore, type TimelineEntry } from './recording-history-store';

/** A running bank: a worker with the workflow and both services, a client, and what they touched. */
export interface Bank {
  readonly ledger: Ledger;
  readonly outbox: Map<string, string>;
  readonly timeline: TimelineEntry[];
  readonly worker: Worker;
  readonly client: Client;
  stop(): Promise<void>;
}

/** Starts the bank on the adapters `config` names; the opening balances are 1,000 each. */
export const startBank = async (config: CadenzaConfig, accounts: readonly string[]): Promise<Bank> => {
  const ledger = new Ledger(Object.fromEntries(accounts.map((a) => [a, 1_000])));
  const outbox = new Map<string, string>();
  const timeline: TimelineEntry[] = [];
  const container = createContainer(config, { transport: true, history: true });
  const transport = await resolveTransport(container);
  const history = recordingHistoryStore(await resolveHistoryStore(container), (entry) => timeline.push(entry));
  const namespace = config.namespace ?? 'cadenza';
  const worker = createWorker({ transport, history, namespace })
    .registerWorkflow(BankWorkflow)
    .registerService(BankService, createBankService(ledger))
    .registerService(EmailService, createEmailService(outbox));
  await worker.start();
  const client = createClient({ transport, namespace });
  return {
    ledger, outbox, timeline, worker, client,
    stop: async () => {
      await client.close();
      await worker.stop();
      await transport.close();
      await history.close();
    },
  };
};
