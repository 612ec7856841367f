import type { SigningConfig } from '../../src/config/signing-config';
import type { Envelope } from '../../src/model/envelope';

/** Secrets for tests only, each 32 bytes or more. */
export const OLD = { id: 'k-old', secret: 'old-secret-0123456789abcdefghijklmnop' };
export const NEW = { id: 'k-new', secret: 'new-secret-0123456789abcdefghijklmnop' };

export const signingWith = (signWith: string, ...keys: Array<{ id: string; secret: string }>): SigningConfig => ({ keys, signWith });

/** An ExecuteTask that would move money: what a forger most wants to write. */
export const withdrawal = (amount = 100): Envelope => ({
  v: 1,
  id: 'wire-1:1#1',
  at: 1_700_000_000_000,
  causationId: 'start-wire-1',
  message: {
    kind: 'ExecuteTask', workflowName: 'BankWorkflow', workflowId: 'wire-1', seq: 1, taskId: 'wire-1:1',
    service: 'BankService', method: 'withdraw', args: ['wire-1', 'alice', amount], attempt: 1, retry: 0, tags: [], meta: {},
  },
});
