import type { HistoryStore } from '@cadenza/core';
import { describeHistoryStoreConformance } from '@cadenza/conformance';
import { type FakeEventStoreDb, startFakeEventStoreDb } from '@cadenza/eventstoredb-fake';
import { createEventStoreDbHistoryStore } from '../src';

// Servers before 21.10 have no BatchAppend, and the client then appends over plain Append. Only the fake
// can play such a server, so this run exists without EVENTSTOREDB_URL only.
if (!process.env.EVENTSTOREDB_URL) {
  let fake: FakeEventStoreDb | undefined;
  const opened: HistoryStore[] = [];
  describeHistoryStoreConformance({
    name: 'eventstoredb (in-process fake without BatchAppend, as servers before 21.10)',
    create: async () => {
      fake ??= await startFakeEventStoreDb({ advertiseBatchAppend: false });
      const store = createEventStoreDbHistoryStore({ type: 'eventstoredb', connectionString: fake.connectionString });
      opened.push(store);
      return store;
    },
    teardown: async () => {
      await Promise.all(opened.map((s) => s.close()));
      await fake?.stop();
    },
  });
}
