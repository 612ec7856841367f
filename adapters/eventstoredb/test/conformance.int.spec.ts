import type { HistoryStore } from '@cadenza/core';
import { describeHistoryStoreConformance } from '@cadenza/conformance';
import { createEventStoreDbHistoryStore } from '../src';
import { type EventStoreDbUnderTest, eventStoreDbUnderTest } from './support/eventstoredb-url';

let server: EventStoreDbUnderTest | undefined;
const opened: HistoryStore[] = [];

describeHistoryStoreConformance({
  name: process.env.EVENTSTOREDB_URL ? 'eventstoredb' : 'eventstoredb (in-process fake)',
  // Each store builds its own client, as separate engine processes would.
  create: async () => {
    server ??= await eventStoreDbUnderTest();
    const store = createEventStoreDbHistoryStore({ type: 'eventstoredb', connectionString: server.connectionString });
    opened.push(store);
    return store;
  },
  teardown: async () => {
    await Promise.all(opened.map((s) => s.close()));
    await server?.stop();
  },
});
