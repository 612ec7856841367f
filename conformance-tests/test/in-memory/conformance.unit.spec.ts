import { describeHistoryStoreConformance, describeTransportConformance } from '../../src';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker, inMemoryTransportCapabilities } from '@cadenza/in-memory';

const broker = new InMemoryBroker();
const transports = [createInMemoryTransport({ broker })];

describeTransportConformance({
  name: 'in-memory',
  capabilities: inMemoryTransportCapabilities,
  create: async () => {
    const transport = createInMemoryTransport({ broker });
    transports.push(transport);
    return transport;
  },
  // Only the transport that made the subscription knows it; the others ignore the call.
  killSubscription: async (subscription) => {
    for (const transport of transports) transport.killSubscription(subscription);
  },
  publishRaw: (topic, bytes, key) => transports[0]!.publishRaw(topic, bytes, key),
  teardown: async () => {
    await Promise.all(transports.map((t) => t.close()));
    broker.shutdown();
  },
});

const store = createInMemoryHistoryStore();
describeHistoryStoreConformance({
  name: 'in-memory',
  // One backend shared by every handle, as several processes share one database.
  create: async () => ({ ...store, close: async () => undefined }),
  teardown: async () => undefined,
});
