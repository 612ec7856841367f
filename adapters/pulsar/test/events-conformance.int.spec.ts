import { describeEventsConformance } from '@cadenza/conformance';
import { createInMemoryHistoryStore } from '@cadenza/in-memory';
import { createPulsarTransport, type PulsarTransport } from '../src';
import { brokerOptions } from './support/broker';

const store = createInMemoryHistoryStore();
const made: PulsarTransport[] = [];

// Each test's World has a namespace of its own, so its events topic and listener subscriptions are fresh on the shared broker.
describeEventsConformance({
  name: 'pulsar transport, in-memory history',
  createTransport: async () => {
    const transport = createPulsarTransport(brokerOptions());
    made.push(transport);
    return transport;
  },
  processTransport: brokerOptions(),
  createHistoryStore: async () => ({ ...store, close: async () => undefined }),
  teardown: async () => {
    await Promise.all(made.map((t) => t.close()));
  },
});
