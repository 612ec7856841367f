import { type Client, createClient, createWorker, type HistoryStore, type Transport, type Worker } from '@cadenza/core';
import { BankService, BankWorkflow, createBankService, createEmailService, EmailService, Ledger } from '@cadenza/example-bank-transfer';
import { type CountingTransport, countingTransport } from '../support/counting-transport';
import { quietLogger } from '../support/quiet-logger';

/** Options of {@link startBankHarness}. */
export interface BankHarnessOptions {
  /** The transport, not yet used; the harness closes it. */
  readonly transport: Transport;
  /** The history store, not yet used; the harness closes it. */
  readonly history: HistoryStore;
  /** Keeps topic and stream names apart from other runs on a shared broker. */
  readonly namespace: string;
  /** The worker's `events` setting; wins over `BENCH_EVENTS_PUBLISH`.
   *  @default from `BENCH_EVENTS_PUBLISH`, else the worker's default */
  readonly events?: { readonly publish: boolean };
}

/** A worker running the bank example and a client that starts transfers, on one transport. */
export interface BankHarness {
  /** Counts every message the worker and the client publish. */
  readonly transport: CountingTransport;
  readonly worker: Worker;
  readonly client: Client;
  /** Runs transfer number `n` to completion (alternating between two accounts, 1 unit each). */
  transfer(n: number): Promise<void>;
  /** The workflow id of transfer number `n`. */
  workflowId(n: number): string;
  /**
   * Starts a fresh ledger and an empty outbox (the example's, which remember every task id), so state kept
   * by the example's services does not grow from one run to the next and slow the later runs.
   */
  resetServices(): void;
  stop(): Promise<void>;
}

const ACCOUNTS = ['alice', 'bob'] as const;

/** How the harness configures the worker, recorded in each result: what a user gets without tuning. */
export const BANK_WORKER_SETTINGS = 'createWorker defaults (workflowConcurrency 256, service concurrency 100, cacheSize 10,000), a quiet logger';

/**
 * `BENCH_EVENTS_PUBLISH=on|off` sets the worker's `events.publish`, to measure what publishing events costs;
 * unset, the worker runs with the default. Read per harness, so a forked setup sees its parent's setting.
 */
export const eventsSettingFromEnv = (env: NodeJS.ProcessEnv = process.env): { events?: { publish: boolean } } => {
  const value = env.BENCH_EVENTS_PUBLISH;
  if (value === undefined || value === '') return {};
  if (value !== 'on' && value !== 'off') throw new Error(`BENCH_EVENTS_PUBLISH: expected on or off, got ${JSON.stringify(value)}`);
  return { events: { publish: value === 'on' } };
};

const workflowId = (n: number): string => `wire-${n}`;

const openLedger = (): Ledger => new Ledger({ alice: 1_000_000_000, bob: 1_000_000_000 });

/** Starts the bank example's worker (workflow and both services, default options) and a client. */
export const startBankHarness = async (o: BankHarnessOptions): Promise<BankHarness> => {
  const transport = countingTransport(o.transport);
  const outbox = new Map<string, string>();
  const email = createEmailService(outbox);
  let bank = createBankService(openLedger());
  // The worker keeps the implementation it was given; these forward to the current ledger's.
  const worker = createWorker({ transport, history: o.history, namespace: o.namespace, logger: quietLogger, ...(o.events ? { events: o.events } : eventsSettingFromEnv()) })
    .registerWorkflow(BankWorkflow)
    .registerService(BankService, {
      withdraw: (...args) => bank.withdraw(...args),
      deposit: (...args) => bank.deposit(...args),
    })
    .registerService(EmailService, email);
  await worker.start();
  const client = createClient({ transport, namespace: o.namespace, logger: quietLogger });
  return {
    transport,
    worker,
    client,
    workflowId,
    transfer: async (n) => {
      const id = workflowId(n);
      const from = ACCOUNTS[n % 2]!;
      const to = ACCOUNTS[(n + 1) % 2]!;
      await client.newWorkflow(BankWorkflow, { id }).wire(id, from, to, 1);
    },
    resetServices: () => {
      bank = createBankService(openLedger());
      outbox.clear();
    },
    stop: async () => {
      await client.close();
      await worker.stop();
      await transport.close();
      await o.history.close();
    },
  };
};
