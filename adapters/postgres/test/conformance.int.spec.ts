import type { HistoryStore } from '@cadenza/core';
import { describeHistoryStoreConformance } from '@cadenza/conformance';
import type { Pool } from 'pg';
import { createPostgresHistoryStore } from '../src';
import { dropSchema, freshSchema, postgresUrl, requirePostgres } from './support/postgres-url';

const schema = freshSchema();
let admin: Pool | undefined;
const opened: HistoryStore[] = [];

describeHistoryStoreConformance({
  name: 'postgres',
  // Each store gets its own pool, as separate engine processes would: racing appends really race.
  create: async () => {
    admin ??= await requirePostgres();
    const store = createPostgresHistoryStore({ type: 'postgres', connectionString: postgresUrl, schema, poolSize: 4 });
    opened.push(store);
    return store;
  },
  teardown: async () => {
    await Promise.all(opened.map((s) => s.close()));
    if (admin) await dropSchema(admin, schema);
    await admin?.end();
  },
});
