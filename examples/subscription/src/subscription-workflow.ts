import { Workflow } from '@cadenza/core';
import { Billing } from './billing-service';

/** A month of the subscription, as the example counts it. */
export const MONTH_MS = 30 * 24 * 60 * 60 * 1000;

/** What the subscription returns once its last month is billed. */
export interface SubscriptionEnd {
  readonly customer: string;
  readonly months: number;
  /** The bill of the last month (each run knows only its own month). */
  readonly lastBill: string;
}

/**
 * A subscription billed once a month for `months` months. Each month is one run: wait a month, bill it, then
 * continue as new with the next month, so the history never holds more than one month, however long it runs.
 */
export class SubscriptionWorkflow extends Workflow {
  private readonly billing = this.newService(Billing);

  async run(customer: string, amount: number, month: number, months: number): Promise<SubscriptionEnd> {
    await this.timer(MONTH_MS);
    const bill = await this.billing.charge(customer, month, amount);
    if (month < months) return this.continueAsNew<Parameters<SubscriptionWorkflow['run']>>(customer, amount, month + 1, months);
    return { customer, months, lastBill: bill };
  }
}
