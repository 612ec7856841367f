import { type CadenzaConfig, parseConfig } from '@cadenza/core';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BankWorkflow } from './bank-workflow';
import { collectTimeline, describeEvent } from './cloud-event-timeline';
import { historyConfig, readFlags, transportConfig } from './example-config';
import { startBank } from './run-bank';

/**
 * `npm start [-- --transport in-memory|kafka|pulsar] [--history in-memory|postgres] [--transfers N]`
 * or `npm start -- --config cadenza.yaml`: runs bank transfers, prints the first one's event timeline and
 * the final balances.
 */
const main = async (): Promise<void> => {
  const flags = readFlags(process.argv.slice(2));
  const file = flags.get('config');
  const fromFile: CadenzaConfig | undefined = file === undefined ? undefined : parseConfig(readFileSync(file, 'utf8'));
  const transport = fromFile?.transport?.type ?? flags.get('transport') ?? 'in-memory';
  const history = fromFile?.history?.type ?? flags.get('history') ?? 'in-memory';
  const transfers = Number(flags.get('transfers') ?? 100);
  if (!Number.isInteger(transfers) || transfers < 1) throw new Error(`--transfers: expected a whole number ≥ 1, got ${flags.get('transfers')}`);
  const accounts = ['alice', 'bob', 'carol', 'dave'];
  const run = randomUUID().slice(0, 8);
  console.log(`Cadenza bank transfer — transport: ${transport}, history: ${history}, ${transfers} transfers`);
  // Events are off by default (they cost more than 5 % here); the example shows them, so it turns them on.
  const events = { publish: true };
  const config: CadenzaConfig = fromFile
    ? { events, ...fromFile, namespace: fromFile.namespace ?? `bank-${run}` }
    : { transport: transportConfig(transport), history: historyConfig(history), namespace: `bank-${run}`, events };
  const bank = await startBank(config, accounts);
  const totalBefore = bank.ledger.total();
  try {
    const firstId = `wire-${run}-0001`;
    const started = Date.now();
    const events = collectTimeline(bank, firstId);
    await bank.client.newWorkflow(BankWorkflow, { id: firstId }).wire(firstId, 'alice', 'bob', 100);
    // The reply leaves before the history is cleared: give the engine a moment to finish the step.
    for (let waited = 0; waited < 2_000 && !bank.timeline.some((e) => e.stream.endsWith(firstId) && e.what === 'history cleared'); waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    console.log(`\nBankWorkflow.wire(${firstId}, alice → bob, 100) — its history, event by event:`);
    for (const entry of bank.timeline.filter((e) => e.stream.endsWith(firstId))) {
      console.log(`  +${String(entry.at - started).padStart(4)} ms  ${entry.what}`);
    }
    console.log(`\nThe same transfer as CloudEvents, from client.history (read while it ran, then what is retained once it ended):`);
    for (const event of await events.done()) console.log(describeEvent(event, started));

    const t0 = Date.now();
    let done = 0;
    await Promise.all(Array.from({ length: transfers - 1 }, async (_, i) => {
      const from = accounts[i % accounts.length]!;
      const to = accounts[(i * 3 + 1) % accounts.length]!;
      const wireId = `wire-${run}-${String(i + 2).padStart(4, '0')}`;
      await bank.client.newWorkflow(BankWorkflow, { id: wireId }).wire(wireId, from, to === from ? accounts[(i + 1) % accounts.length]! : to, 1 + (i % 50));
      if (++done % 500 === 0) console.log(`  … ${done} of ${transfers - 1} transfers done`);
    }));
    const seconds = (Date.now() - t0) / 1000;
    console.log(`\n${transfers - 1} more transfers in ${seconds.toFixed(2)} s (${Math.round((transfers - 1) / Math.max(seconds, 0.001))} workflows/s)`);
    console.log(`emails sent: ${bank.outbox.size}`);
    console.log('\nFinal balances:');
    for (const [account, balance] of Object.entries(bank.ledger.snapshot())) console.log(`  ${account.padEnd(6)} ${String(balance).padStart(6)}`);
    const totalAfter = bank.ledger.total();
    const conserved = totalAfter === totalBefore;
    console.log(`  total  ${String(totalAfter).padStart(6)}  (before: ${totalBefore}) — money ${conserved ? 'conserved ✓' : 'NOT conserved ✗'}`);
    if (!conserved || bank.outbox.size !== transfers) process.exitCode = 1;
  } finally {
    await bank.stop();
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
