import { describeEngineConformance } from '@cadenza/conformance';
import { createInMemoryHistoryStore } from '@cadenza/in-memory';
import { createTestTransport, useKafkaBroker } from './support/kafka-broker';

useKafkaBroker();

const store = createInMemoryHistoryStore();

describeEngineConformance({
  name: 'kafka transport, in-memory history',
  createTransport: () => createTestTransport(),
  // Workers of one test share the backend, as processes share one database.
  createHistoryStore: async () => ({ ...store, close: async () => undefined }),
  teardown: async () => undefined,
});
