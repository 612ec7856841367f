import { describeEventsConformance } from '@cadenza/conformance';
import { createInMemoryHistoryStore } from '@cadenza/in-memory';
import { createTestTransport, testOptions, useKafkaBroker } from './support/kafka-broker';

useKafkaBroker();

const store = createInMemoryHistoryStore();

// Each test's World has a namespace of its own, so its events topic and listener groups are fresh on the shared broker.
describeEventsConformance({
  name: 'kafka transport, in-memory history',
  createTransport: () => createTestTransport(),
  createHistoryStore: async () => ({ ...store, close: async () => undefined }),
  // A listener process reaches the same broker with the same fast group timings.
  processTransport: { type: 'kafka', ...testOptions() },
  teardown: async () => undefined,
});
