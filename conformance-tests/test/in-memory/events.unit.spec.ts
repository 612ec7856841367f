import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker, type InMemoryTransport } from '@cadenza/in-memory';
import { describeEventsConformance } from '../../src';

const broker = new InMemoryBroker();
const store = createInMemoryHistoryStore();
const transports: InMemoryTransport[] = [];

describeEventsConformance({
  name: 'in-memory',
  createTransport: async () => {
    const transport = createInMemoryTransport({ broker });
    transports.push(transport);
    return transport;
  },
  // Workers of one test share the backend, as processes share one database.
  createHistoryStore: async () => ({ ...store, close: async () => undefined }),
  crash: (transport) => (transport as InMemoryTransport).crash(),
  teardown: async () => {
    await Promise.all(transports.map((t) => t.close()));
    broker.shutdown();
  },
});
