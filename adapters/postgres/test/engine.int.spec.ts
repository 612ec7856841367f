import { describeEngineConformance } from '@cadenza/conformance';
import { createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import type { Pool } from 'pg';
import { createPostgresHistoryStore } from '../src';
import { dropSchema, freshSchema, postgresUrl, requirePostgres } from './support/postgres-url';

const schema = freshSchema();
const broker = new InMemoryBroker();
let admin: Pool | undefined;

describeEngineConformance({
  name: 'in-memory transport, postgres history',
  createTransport: async () => createInMemoryTransport({ broker }),
  // One store (and pool) per engine world; they share the tables, as processes share one database.
  createHistoryStore: async () => {
    admin ??= await requirePostgres();
    return createPostgresHistoryStore({ type: 'postgres', connectionString: postgresUrl, schema, poolSize: 4 });
  },
  teardown: async () => {
    broker.shutdown();
    if (admin) await dropSchema(admin, schema);
    await admin?.end();
  },
});
