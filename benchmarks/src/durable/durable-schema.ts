import { Client } from 'pg';

/** Drops a bench schema (and its tables); a failure is a warning, never the run's failure. */
export const dropSchema = async (postgresUrl: string, schema: string): Promise<void> => {
  if (!/^[a-z0-9_]+$/.test(schema)) throw new RangeError(`not a bench schema name: ${JSON.stringify(schema)}`);
  const client = new Client({ connectionString: postgresUrl });
  try {
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
  } catch (error) {
    console.warn(`  could not drop schema ${schema}: ${String(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
};
