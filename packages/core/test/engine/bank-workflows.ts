import { defineService } from '../../src/workflow/service-definition';
import { Workflow } from '../../src/workflow/workflow';

export interface BankService {
  withdraw(wallet: string, user: string, amount: number): Promise<number>;
  deposit(wallet: string, user: string, amount: number): Promise<number>;
}
export const BankService = defineService<BankService>('BankService');

/** Two tasks in sequence. */
export class TransferWorkflow extends Workflow {
  private readonly bank = this.newService(BankService);

  async transfer(from: string, to: string, amount: number): Promise<string> {
    await this.bank.withdraw(from, 'bob', amount);
    await this.bank.deposit(to, 'bob', amount);
    return `moved ${amount}`;
  }
}
