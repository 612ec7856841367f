import { BankWorkflow, readFlags, startBank } from '@cadenza/example-bank-transfer';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { startAuditLog } from './audit-log';

/**
 * `npm start -w @cadenza/example-events-audit-log [-- --transfers N] [--table name]`: runs bank transfers
 * on the in-memory transport with the audit log writing to PostgreSQL (`CADENZA_POSTGRES_URL`, default
 * the local `test` database), then prints what the table holds for this run.
 */
const main = async (): Promise<void> => {
  const flags = readFlags(process.argv.slice(2));
  const transfers = Number(flags.get('transfers') ?? 20);
  if (!Number.isInteger(transfers) || transfers < 1) throw new Error(`--transfers: expected a whole number ≥ 1, got ${flags.get('transfers')}`);
  const table = flags.get('table') ?? 'cadenza_audit_events';
  const namespace = `audit-demo-${randomUUID().slice(0, 8)}`;
  const config = { transport: { type: 'in-memory' as const }, history: { type: 'in-memory' as const }, namespace, logLevel: 'error' as const, events: { publish: true } };
  const pool = new Pool({ connectionString: process.env.CADENZA_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
  const bank = await startBank(config, ['alice', 'bob']);
  let written = 0;
  const audit = await startAuditLog(config, { database: pool, table, onCommitted: (added) => { written += added; } });
  try {
    console.log(`audit log of namespace ${namespace} → table ${table}; ${transfers} transfers`);
    await Promise.all(Array.from({ length: transfers }, (_, i) => {
      const id = `wire-${namespace}-${i}`;
      return bank.client.newWorkflow(BankWorkflow, { id }).wire(id, 'alice', 'bob', 1);
    }));
    const count = async () => (await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} WHERE type = 'io.cadenza.workflow.completed' AND event->>'cadenzanamespace' = $1`, [namespace])).rows[0]!.n;
    for (let waited = 0; (await count()) < transfers && waited < 10_000; waited += 50) await sleep(50);
    const byType = await pool.query<{ type: string; n: number }>(
      `SELECT type, count(*)::int AS n FROM ${table} WHERE event->>'cadenzanamespace' = $1 GROUP BY type ORDER BY type`, [namespace]);
    for (const { type, n } of byType.rows) console.log(`  ${type.padEnd(36)} ${String(n).padStart(5)}`);
    console.log(`rows written: ${written}`);
    if ((await count()) !== transfers) process.exitCode = 1;
  } finally {
    await audit.stop();
    await bank.stop();
    await pool.end();
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
