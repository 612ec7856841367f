import { describeEngineConformance } from '@cadenza/conformance';
import { createInMemoryHistoryStore } from '@cadenza/in-memory';
import { createTestTransport, mustReachKafka } from './support/kafka-broker';

before(mustReachKafka);

const store = createInMemoryHistoryStore();

describeEngineConformance({
  name: 'kafka transport, in-memory history',
  createTransport: () => createTestTransport(),
  // Workers of one test share the backend, as processes share one database.
  createHistoryStore: async () => ({ ...store, close: async () => undefined }),
  teardown: async () => undefined,
});
