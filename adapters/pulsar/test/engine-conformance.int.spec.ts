import { describeEngineConformance } from '@cadenza/conformance';
import { createInMemoryHistoryStore } from '@cadenza/in-memory';
import { createPulsarTransport, type PulsarTransport } from '../src';
import { brokerOptions } from './support/broker';

const store = createInMemoryHistoryStore();
const made: PulsarTransport[] = [];

describeEngineConformance({
  name: 'pulsar transport, in-memory history',
  createTransport: async () => {
    const transport = createPulsarTransport(brokerOptions());
    made.push(transport);
    return transport;
  },
  // Workers of one test share the backend, as processes share one database.
  createHistoryStore: async () => ({ ...store, close: async () => undefined }),
  teardown: async () => {
    await Promise.all(made.map((t) => t.close()));
  },
});
