import { expect } from 'chai';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { describeEngineConformance } from '../../src';
import { freezing } from '../support/frozen-adapters';

const broker = new InMemoryBroker();
const store = createInMemoryHistoryStore();
const frozen = freezing();

// The transport port's rule "Envelopes are values", and the store's "events are values", kept by our own code:
// every engine rule with each envelope frozen once published or handed to a readOnly handler, and each event
// frozen once appended or read. The in-memory transport shares one copy among readOnly handlers, so a handler
// or publisher that broke the rule would change what other groups and redeliveries see.
describe('engine, executor and worker treat envelopes and events as values', () => {
  describeEngineConformance({
    name: 'in-memory transport and history, every envelope and event frozen',
    createTransport: async () => frozen.transport(createInMemoryTransport({ broker })),
    createHistoryStore: async () => frozen.history({ ...store, close: async () => undefined }),
    teardown: async () => broker.shutdown(),
  });

  after('no envelope nor event was changed', () => expect(frozen.violations).to.deep.equal([]));
});
