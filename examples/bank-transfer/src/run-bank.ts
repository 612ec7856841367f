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
  /** Calls `listener` with each timeline entry from now on; returns what stops it. */
  watch(listener: (entry: TimelineEntry) => void): () => void;
  readonly worker: Worker;
  readonly client: Client;
  stop(): Promise<void>;
}

/** Starts the bank on the adapters `config` names; the opening balances are 1,000 each. */
export const startBank = async (config: CadenzaConfig, accounts: readonly string[]): Promise<Bank> => {
  const ledger = new Ledger(Object.fromEntries(accounts.map((a) => [a, 1_000])));
  const outbox = new Map<string, string>();
  const timeline: TimelineEntry[] = [];
  const listeners = new Set<(entry: TimelineEntry) => void>();
  const container = createContainer(config, { transport: true, history: true });
  const transport = await resolveTransport(container);
  const store = await resolveHistoryStore(container);
  const history = recordingHistoryStore(store, (entry) => {
    timeline.push(entry);
    for (const listener of listeners) listener(entry);
  });
  const namespace = config.namespace ?? 'cadenza';
  const worker = createWorker({ transport, history, namespace, ...(config.events ? { events: config.events } : {}) })
    .registerWorkflow(BankWorkflow)
    .registerService(BankService, createBankService(ledger))
    .registerService(EmailService, createEmailService(outbox));
  await worker.start();
  // The client reads the store the worker writes (not through the recorder: its reads are not the workflow's timeline).
  const client = createClient({ transport, namespace, history: store });
  return {
    ledger, outbox, timeline, worker, client,
    watch: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: async () => {
      await client.close();
      await worker.stop();
      await transport.close();
      await history.close();
    },
  };
};
