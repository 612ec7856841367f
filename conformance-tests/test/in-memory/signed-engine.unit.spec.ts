import { createEnvelopeSigner, type Logger, signTransport } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { describeEngineConformance } from '../../src';
import { signingWith, TEST_KEYS } from '../../src/signing/test-keys';

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };
const broker = new InMemoryBroker();
const store = createInMemoryHistoryStore();
let opened = 0;

// Every engine rule with signing on, mid-rotation: the workers and clients of a test take turns signing
// with the old and the new key, all listing both.
describeEngineConformance({
  name: 'in-memory transport signed (keys old+new), in-memory history',
  createTransport: async () => {
    const keys = opened++ % 2 === 0 ? [TEST_KEYS.old, TEST_KEYS.new] : [TEST_KEYS.new, TEST_KEYS.old];
    return signTransport(createInMemoryTransport({ broker }), createEnvelopeSigner(signingWith(...keys)), { logger: silent });
  },
  createHistoryStore: async () => ({ ...store, close: async () => undefined }),
  teardown: async () => broker.shutdown(),
});
