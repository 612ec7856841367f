import { type ServiceImplementation, taskContext } from '@cadenza/core';
import type { BankService } from './bank-service';
import type { EmailService } from './email-service';
import type { Ledger } from './ledger';

/** The bank service over a ledger; `taskContext().taskId` makes each movement idempotent. */
export const createBankService = (ledger: Ledger): ServiceImplementation<BankService> => ({
  withdraw: async (_wireId, emitterId, amount) => ledger.move(taskContext().taskId, emitterId, -amount),
  deposit: async (_wireId, recipientId, amount) => ledger.move(taskContext().taskId, recipientId, amount),
});

/** An outbox standing in for an email provider: one email per task id. */
export const createEmailService = (outbox: Map<string, string>): ServiceImplementation<EmailService> => ({
  send: async (wireId, emitterId, amount) => {
    outbox.set(taskContext().taskId, `to ${emitterId}: your transfer ${wireId} of ${amount} is done`);
  },
});
