import { type Client, type Clock, createClient, createWorker, type HistoryStore, type Worker } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { type Bill, Billing, createBillingService } from './billing-service';
import { SubscriptionWorkflow } from './subscription-workflow';

/** A billing office on in-memory adapters: a worker, a client, its history store and the bills issued. */
export interface BillingOffice {
  readonly worker: Worker;
  readonly client: Client;
  readonly history: HistoryStore;
  readonly bills: Bill[];
  stop(): Promise<void>;
}

/** Options of {@link startBillingOffice}. */
export interface BillingOfficeOptions {
  /** The clock of the broker, the worker and the client; a manual one runs months in a test. */
  readonly clock: Clock;
  /** Live instances the engine keeps; 0 replays the history at every step. @default 10_000 */
  readonly cacheSize?: number;
  /** @default 'billing' */
  readonly namespace?: string;
}

/** Starts {@link SubscriptionWorkflow} and the billing service on the in-memory transport and history. */
export const startBillingOffice = async (options: BillingOfficeOptions): Promise<BillingOffice> => {
  const { clock } = options;
  const broker = new InMemoryBroker(clock);
  const transport = createInMemoryTransport({ broker });
  const history = createInMemoryHistoryStore();
  const namespace = options.namespace ?? 'billing';
  const bills: Bill[] = [];
  const worker = createWorker({ transport, history, namespace, clock, cacheSize: options.cacheSize ?? 10_000 })
    .registerWorkflow(SubscriptionWorkflow)
    .registerService(Billing, createBillingService(bills, () => clock.now()));
  await worker.start();
  const client = createClient({ transport, namespace, clock });
  return {
    worker, client, history, bills,
    stop: async () => {
      await client.close();
      await worker.stop();
      await transport.close();
      await history.close();
      broker.shutdown();
    },
  };
};
