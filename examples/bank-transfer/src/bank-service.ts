import { defineService } from '@cadenza/core';
import * as t from 'io-ts';

/** The bank's tasks. Both are idempotent by task id, so a retried or duplicated task moves money once. */
export interface BankService {
  withdraw(wireId: string, emitterId: string, amount: number): Promise<void>;
  deposit(wireId: string, recipientId: string, amount: number): Promise<void>;
}

const Amount = t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'PositiveAmount');

export const BankService = defineService<BankService>('BankService', {
  withdraw: { args: t.tuple([t.string, t.string, Amount]) },
  deposit: { args: t.tuple([t.string, t.string, Amount]) },
});
