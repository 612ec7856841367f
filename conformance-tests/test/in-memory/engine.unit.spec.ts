import { describeEngineConformance } from '../../src';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';

const broker = new InMemoryBroker();
const store = createInMemoryHistoryStore();

describeEngineConformance({
  name: 'in-memory transport, in-memory history',
  createTransport: async () => createInMemoryTransport({ broker }),
  // Workers of one test share the backend, as processes share one database.
  createHistoryStore: async () => ({ ...store, close: async () => undefined }),
  teardown: async () => broker.shutdown(),
});
