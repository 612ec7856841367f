import { createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { Pool } from 'pg';
import { BANK_WORKER_SETTINGS, startBankHarness } from '../bank/bank-harness';
import { type BankRun, runBankLevels } from '../bank/bank-runs';
import { freshName } from '../support/fresh-name';
import { hostAndPort, isReachable } from '../support/reachable';
import type { BenchSetup } from './bench-setup';
import { bankSummaryRows } from './bank-summary';
import { formatCount, resultHeader } from './result-header';
import { measureHistoryStore } from '../store/measure-history-store';

const name = 'bank-transfer.in-memory.postgres';
const about = 'The bank transfer on the in-memory transport with its history in PostgreSQL, next to the store\'s own '
  + 'append rate and the time to read back a long stream (measureHistoryStore, through the port).';

/** The bank transfer with a real database under the history; skipped when PostgreSQL does not answer. */
export const bankPostgresSetup: BenchSetup = {
  name,
  about,
  run: async (scale) => {
    const connectionString = process.env.CADENZA_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const { host, port } = hostAndPort(connectionString, 5432);
    if (!(await isReachable(host, port))) {
      return { status: 'skipped', reason: `PostgreSQL not reachable at ${host}:${port} (set CADENZA_POSTGRES_URL)` };
    }
    const postgres = await import('@cadenza/postgres');
    const header = resultHeader(name, about, scale);
    const schema = freshName('bench', '_');
    const pool = new Pool({ connectionString, max: 10 });
    pool.on('error', () => undefined);
    try {
      const store = postgres.createPostgresHistoryStore(pool, { schema });
      await store.ready();
      const storeFigures = await measureHistoryStore({ store, historyLength: scale.storeReadEvents, appends: scale.storeAppends });
      const oneEvent = (streams: number) => storeFigures.appendScenarios.find((a) => a.eventsPerAppend === 1 && a.streams === streams);
      const appendsText = storeFigures.appendScenarios
        .filter((a) => a.eventsPerAppend === 1)
        .map((a) => `${formatCount(a.appendsPerSecond)} appends/s on ${a.streams} stream${a.streams > 1 ? 's' : ''}`).join(', ');
      console.log(`  ${name}: store ${appendsText}; read of ${formatCount(storeFigures.read.events)} events ${storeFigures.read.medianMs} ms`);
      const harness = await startBankHarness({ transport: createInMemoryTransport({ broker: new InMemoryBroker() }), history: store, namespace: 'bench' });
      let runs: BankRun[];
      try {
        runs = await runBankLevels(name, harness, scale.broker);
      } finally {
        await harness.stop();
      }
      return {
        status: 'done',
        result: { ...header, worker: BANK_WORKER_SETTINGS, schema, poolSize: 10, runs, storeBenchmark: storeFigures },
        summary: [
          ...bankSummaryRows(name, runs),
          { setup: name, measure: 'store: 1-event appends/s (1 stream; 64 streams)', value: `${formatCount(oneEvent(1)?.appendsPerSecond ?? Number.NaN)}; ${formatCount(oneEvent(64)?.appendsPerSecond ?? Number.NaN)}` },
          { setup: name, measure: `store: read of ${formatCount(storeFigures.read.events)} events`, value: `${storeFigures.read.medianMs} ms (median)` },
        ],
      };
    } finally {
      await pool.query(`drop schema if exists ${schema} cascade`).catch((error: unknown) => console.warn(`  could not drop schema ${schema}: ${String(error)}`));
      await pool.end();
    }
  },
};
