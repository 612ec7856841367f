import { type Client } from '@cadenza/core';
import { BankWorkflow } from '@cadenza/example-bank-transfer';

/** One bank transfer of the run: `amount` from `from` to `to`, as BankWorkflow `id`. */
export interface Transfer {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly amount: number;
}

/** What became of one transfer, as the client saw it. */
export interface TransferRecord {
  readonly transfer: Transfer;
  startedAt?: number;
  completedAt?: number;
  /** The error its result rejected with. */
  error?: string;
  /** Dispatches it took: more than one when the broker refused the first. */
  dispatches: number;
}

const ACCOUNTS = 10;
const DISPATCH_RETRY_MS = 500;

/** `count` transfers between ten accounts, ids `<prefix>-<n>`, amounts 1 to 5. */
export const makeTransfers = (prefix: string, count: number): Transfer[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    from: `acct-${i % ACCOUNTS}`,
    to: `acct-${(i + 3) % ACCOUNTS}`,
    amount: 1 + (i % 5),
  }));

/**
 * A closed loop: `inFlight` transfers run at once, the next starts when one ends. A dispatch the broker
 * refuses (it is restarting) is tried again with the same workflow id, so a transfer is never skipped.
 */
export class TransferDriver {
  readonly records: TransferRecord[];
  private next = 0;
  private stopped = false;
  completed = 0;
  failed = 0;

  constructor(private readonly client: Client, transfers: readonly Transfer[], private readonly inFlight: number) {
    this.records = transfers.map((transfer) => ({ transfer, dispatches: 0 }));
  }

  get dispatched(): number {
    return this.records.filter((r) => r.startedAt !== undefined).length;
  }

  /** Resolves once every transfer has an outcome (or `stop()` was called). */
  async run(): Promise<void> {
    await Promise.all(Array.from({ length: Math.min(this.inFlight, this.records.length) }, () => this.lane()));
  }

  /** Stops starting transfers; the lanes end once their current one does. */
  stop(): void {
    this.stopped = true;
  }

  /** The transfers that were not completed, failed ones included. */
  unfinished(): TransferRecord[] {
    return this.records.filter((r) => r.completedAt === undefined);
  }

  private async lane(): Promise<void> {
    while (!this.stopped && this.next < this.records.length) {
      const record = this.records[this.next++]!;
      await this.runOne(record);
    }
  }

  private async runOne(record: TransferRecord): Promise<void> {
    const { id, from, to, amount } = record.transfer;
    const stub = this.client.newWorkflow(BankWorkflow, { id });
    record.startedAt = Date.now();
    let handle;
    while (!handle) {
      if (this.stopped) return;
      record.dispatches++;
      try {
        handle = await this.client.dispatch(stub.wire, id, from, to, amount);
      } catch {
        // Not on the transport: the broker is down or restarting. The same id again is safe, as a second
        // start of an id that did get through is refused by the engine.
        await new Promise((resolve) => setTimeout(resolve, DISPATCH_RETRY_MS));
      }
    }
    try {
      await handle.result();
      record.completedAt = Date.now();
      this.completed++;
    } catch (error) {
      record.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.failed++;
    }
  }
}
