import { Ledger } from '@cadenza/example-bank-transfer';

/** One transfer as every peer gets it: the same ids, accounts and amount as our harness. */
export interface WireRequest {
  readonly wireId: string;
  readonly from: string;
  readonly to: string;
  readonly amount: number;
}

const ACCOUNTS = ['alice', 'bob'] as const;

/** Transfer number `n`, alternating between two accounts, 1 unit each (as `startBankHarness` does). */
export const wireRequest = (n: number): WireRequest => ({ wireId: `wire-${n}`, from: ACCOUNTS[n % 2]!, to: ACCOUNTS[(n + 1) % 2]!, amount: 1 });

/**
 * The bank example's business code for the peers: our `Ledger` (which applies each step key once, as our
 * services do with the task id) and an outbox; each step is keyed `<wireId>:<step>`.
 */
export const createPeerBank = () => {
  const ledger = new Ledger({ alice: 1_000_000_000, bob: 1_000_000_000 });
  const outbox = new Map<string, string>();
  return {
    withdraw: (r: WireRequest): void => ledger.move(`${r.wireId}:withdraw`, r.from, -r.amount),
    deposit: (r: WireRequest): void => ledger.move(`${r.wireId}:deposit`, r.to, r.amount),
    email: (r: WireRequest): void => void outbox.set(`${r.wireId}:email`, `to ${r.from}: your transfer ${r.wireId} of ${r.amount} is done`),
  };
};
