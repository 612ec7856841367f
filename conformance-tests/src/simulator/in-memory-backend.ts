import type { Clock, HistoryStore } from '@cadenza/core';
import type { SimBackend } from './backend';
import type { CrashableTransport } from './faulty-transport';

/** The part of @cadenza/in-memory that the simulator uses. */
interface InMemoryAdapter {
  InMemoryBroker: new (clock: Clock) => { shutdown(): void };
  createInMemoryTransport(options: { broker: unknown }): CrashableTransport;
  createInMemoryHistoryStore(): HistoryStore;
}

/**
 * The in-memory broker and store. The adapter's own tests depend on this package, so it is found at run
 * time, as the adapter registry finds adapters, rather than by a build reference that would be a cycle.
 */
export const inMemoryBackend = (): SimBackend => {
  let adapter: InMemoryAdapter;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a build reference would be circular (see above)
    adapter = require('@cadenza/in-memory') as InMemoryAdapter;
  } catch (error) {
    throw new Error('the fault simulator runs on @cadenza/in-memory: install it beside @cadenza/conformance', { cause: error });
  }
  return {
    name: 'in-memory',
    open: (clock) => {
      const broker = new adapter.InMemoryBroker(clock);
      return {
        transport: () => adapter.createInMemoryTransport({ broker }),
        store: adapter.createInMemoryHistoryStore(),
        shutdown: () => broker.shutdown(),
      };
    },
  };
};
