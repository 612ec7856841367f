import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { BankHarness, startBankHarness as StartBankHarness } from '../bank/bank-harness';

/**
 * The bank harness of the built checkout (and that checkout's absolute path) at `given` (this one when empty), on that checkout's own in-memory
 * transport and store, resolved from its benchmarks package as its own code resolves them: so the CPU tools
 * measure two commits the same way.
 */
export const startCheckoutHarness = async (given: string | undefined): Promise<{ harness: BankHarness; checkout: string }> => {
  const checkout = resolve(given || resolve(__dirname, '../../../..'));
  const load = createRequire(join(checkout, 'benchmarks', 'package.json'));
  const { startBankHarness } = load('./dist/src/bank/bank-harness.js') as { startBankHarness: typeof StartBankHarness };
  const memory = load('@cadenza/in-memory') as typeof import('@cadenza/in-memory');
  const harness = await startBankHarness({
    transport: memory.createInMemoryTransport({ broker: new memory.InMemoryBroker() }), history: memory.createInMemoryHistoryStore(), namespace: 'cpu',
  });
  return { harness, checkout };
};
