import { Workflow } from '@cadenza/core';
import * as t from 'io-ts';
import { BankService } from './bank-service';
import { EmailService } from './email-service';

/** Infinitic's bank transfer: withdraw, deposit, then email, as plain sequential code. */
export class BankWorkflow extends Workflow {
  static readonly methods = { wire: { args: t.tuple([t.string, t.string, t.string, t.number]) } };

  private readonly bank = this.newService(BankService);
  private readonly email = this.newService(EmailService);

  async wire(wireId: string, emitterId: string, recipientId: string, amount: number): Promise<void> {
    await this.bank.withdraw(wireId, emitterId, amount);
    await this.bank.deposit(wireId, recipientId, amount);
    await this.email.send(wireId, emitterId, amount);
  }
}
