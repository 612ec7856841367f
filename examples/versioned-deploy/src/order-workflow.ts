import { Workflow } from '@cadenza/core';
import { ShopService } from './shop-service';

/** What an order workflow returns: its payment, and what its code chose at each change. */
export interface OrderOutcome {
  readonly payment: string;
  readonly fraudChecked: boolean;
  readonly receiptMailed: boolean;
}

/** The code before the deploy: charge, wait until the order is shipped, mail a thank-you. */
export class OrderWorkflowV1 extends Workflow {
  static readonly workflowName = 'OrderWorkflow';
  private readonly shop = this.newService(ShopService);

  async place(orderId: string, amount: number): Promise<OrderOutcome> {
    const payment = await this.shop.charge(orderId, amount);
    await this.channel<string>('shipped').receive();
    await this.shop.mail(orderId, 'thank-you');
    return { payment, fraudChecked: false, receiptMailed: false };
  }
}

/**
 * The code after the deploy, under the same name: a fraud check before the charge and a receipt after shipping,
 * each behind `version()`. An order already past the charge when the deploy came replays through the first call
 * without a marker and gets 0 (it keeps the path its history recorded); it reaches the second call live and gets
 * 1. A new order gets 1 at both. The calls take no step, so the old order's recorded steps keep their numbers.
 */
export class OrderWorkflowV2 extends Workflow {
  static readonly workflowName = 'OrderWorkflow';
  private readonly shop = this.newService(ShopService);

  async place(orderId: string, amount: number): Promise<OrderOutcome> {
    const fraudChecked = this.version('fraud-check', 1) >= 1;
    if (fraudChecked && !(await this.shop.check(orderId))) throw new Error(`order ${orderId} refused by the fraud check`);
    const payment = await this.shop.charge(orderId, amount);
    await this.channel<string>('shipped').receive();
    const receiptMailed = this.version('receipt', 1) >= 1;
    if (receiptMailed) await this.shop.mail(orderId, 'receipt');
    await this.shop.mail(orderId, 'thank-you');
    return { payment, fraudChecked, receiptMailed };
  }
}
