import { type Client, createClient, createWorker, type Transport, type Worker } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { createNotificationService, createScoringService, NotificationService, ScoringService } from './loan-services';
import { LoanWorkflow } from './loan-workflow';

/** A loan office on in-memory adapters: a worker, a client, and the notifications it sent. */
export interface LoanOffice {
  readonly worker: Worker;
  readonly client: Client;
  readonly transport: Transport;
  readonly sent: Map<string, string[]>;
  stop(): Promise<void>;
}

/** Options of {@link startLoanOffice}. */
export interface LoanOfficeOptions {
  /** Applicants' scores (others score 500). @default {} */
  readonly scores?: Readonly<Record<string, number>>;
  /** Live instances the engine keeps; 0 replays the history at every step. @default 10_000 */
  readonly cacheSize?: number;
  /** @default 'loans' */
  readonly namespace?: string;
}

/** Starts {@link LoanWorkflow} and its services on the in-memory transport and history. */
export const startLoanOffice = async (options: LoanOfficeOptions = {}): Promise<LoanOffice> => {
  // A broker of its own: stopping shuts it down, with the timers it still holds (a process can then exit).
  const broker = new InMemoryBroker();
  const transport = createInMemoryTransport({ broker });
  const history = createInMemoryHistoryStore();
  const namespace = options.namespace ?? 'loans';
  const sent = new Map<string, string[]>();
  const worker = createWorker({ transport, history, namespace, cacheSize: options.cacheSize ?? 10_000 })
    .registerWorkflow(LoanWorkflow)
    .registerService(ScoringService, createScoringService(options.scores ?? {}))
    .registerService(NotificationService, createNotificationService(sent));
  await worker.start();
  const client = createClient({ transport, namespace });
  return {
    worker, client, transport, sent,
    stop: async () => {
      await client.close();
      await worker.stop();
      await transport.close();
      await history.close();
      broker.shutdown();
    },
  };
};
