import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';

/** The database the integration tests use: `POSTGRES_URL`, or the machine's own server. */
export const postgresUrl = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema no other test run uses; tests drop it when done. */
export const freshSchema = (): string => `cadenza_test_${process.pid}_${randomUUID().slice(0, 8)}`;

/**
 * Fails (never skips) when PostgreSQL is down, naming the URL and how to point the tests elsewhere.
 * Returns a small pool for test set-up and clean-up.
 */
export const requirePostgres = async (): Promise<Pool> => {
  const pool = new Pool({ connectionString: postgresUrl, max: 2, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(
      `PostgreSQL not reachable at ${postgresUrl.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message}); ` +
        'start it or set POSTGRES_URL. These integration tests need a real server and are never skipped.',
    );
  }
  return pool;
};

export const dropSchema = async (admin: Pool, schema: string): Promise<void> => {
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
};
