import { cloudEventsOf, createClient, createWorker, defineService, type CadenzaCloudEvent, type Envelope, type Logger, type Transport, Workflow, type WorkerParts } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '../../src';

export interface Bank {
  withdraw(wireId: string, amount: number): Promise<void>;
  deposit(wireId: string, amount: number): Promise<void>;
}
export const Bank = defineService<Bank>('BankService');
export interface Email { send(wireId: string): Promise<void> }
export const Email = defineService<Email>('EmailService');

/** The seed example in small: withdraw, deposit, email, in sequence. */
export class WireWorkflow extends Workflow {
  private readonly bank = this.newService(Bank);
  private readonly email = this.newService(Email);
  async wire(wireId: string, amount: number): Promise<string> {
    await this.bank.withdraw(wireId, amount);
    await this.bank.deposit(wireId, amount);
    await this.email.send(wireId);
    return `${wireId} done`;
  }
}

export const NS = 'evt';
/** A logger that keeps nothing. */
export const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * A worker and a client on one in-memory transport (`wrap` may stand between them and it), the deposit
 * failing `depositFailures` times, and every envelope of the events topic as it was published.
 */
export const bankWorld = async (options: { depositFailures?: number; wrap?: (t: Transport) => Transport; worker?: Partial<WorkerParts> } = {}) => {
  const base = createInMemoryTransport({ broker: new InMemoryBroker() });
  const transport = options.wrap ? options.wrap(base) : base;
  const history = createInMemoryHistoryStore();
  const envelopes: Envelope[] = [];
  await base.subscribe(`${NS}.events`, 'test-listener', async (d) => void envelopes.push(d.envelope), { order: 'per-key', deadLetterTopic: `${NS}.dead-letter` });
  let depositAttempts = 0;
  const worker = createWorker({ transport, history, namespace: NS, logger: silent, events: { publish: true }, ...options.worker })
    .registerWorkflow(WireWorkflow)
    .registerService(Bank, {
      withdraw: async () => undefined,
      deposit: async () => {
        if (++depositAttempts <= (options.depositFailures ?? 0)) throw new Error(`bank down ${depositAttempts}`);
      },
    }, { retry: { initialDelayMs: 1, jitter: 0 } })
    .registerService(Email, { send: async () => undefined });
  await worker.start();
  const client = createClient({ transport, namespace: NS, logger: silent });
  const events = (): CadenzaCloudEvent[] => envelopes.flatMap((e) => cloudEventsOf(e, { namespace: NS }));
  /** Waits until an event of `type` arrived (the listener's side runs after the client's answer). */
  const eventually = async (type: string) => {
    for (let i = 0; i < 400 && !events().some((e) => e.type === type); i++) await pause();
  };
  const close = async () => {
    await client.close();
    await worker.stop();
    await base.close();
  };
  return { base, history, envelopes, events, eventually, client, close };
};
