import { describeEngineConformance } from '@cadenza/conformance';
import { createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { createEventStoreDbHistoryStore } from '../src';
import { type EventStoreDbUnderTest, eventStoreDbUnderTest } from './support/eventstoredb-url';

const broker = new InMemoryBroker();
let server: EventStoreDbUnderTest | undefined;

describeEngineConformance({
  name: `in-memory transport, ${process.env.EVENTSTOREDB_URL ? 'eventstoredb' : 'eventstoredb (in-process fake)'} history`,
  createTransport: async () => createInMemoryTransport({ broker }),
  // One store (and client) per engine world, all on one server.
  createHistoryStore: async () => {
    server ??= await eventStoreDbUnderTest();
    return createEventStoreDbHistoryStore({ type: 'eventstoredb', connectionString: server.connectionString });
  },
  teardown: async () => {
    broker.shutdown();
    await server?.stop();
  },
});
