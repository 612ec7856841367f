import { defineService, type ServiceImplementation } from '@cadenza/core';

/** Charges a customer for one month of the subscription. */
export interface Billing {
  charge(customer: string, month: number, amount: number): Promise<string>;
}
export const Billing = defineService<Billing>('Billing');

/** One bill, as the billing service issued it. */
export interface Bill {
  readonly customer: string;
  readonly month: number;
  readonly amount: number;
  readonly at: number;
}

/** A billing service that keeps the bills it issued in `bills` (once per task id: retries do not bill twice). */
export const createBillingService = (bills: Bill[], now: () => number): ServiceImplementation<Billing> => ({
  charge: async (customer, month, amount) => {
    if (!bills.some((bill) => bill.customer === customer && bill.month === month)) bills.push({ customer, month, amount, at: now() });
    return `bill-${customer}-${month}`;
  },
});
