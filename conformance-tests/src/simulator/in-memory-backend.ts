import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import type { SimBackend } from './backend';

/** The in-memory broker and store on the simulator's clock: the default backend. */
export const inMemoryBackend = (): SimBackend => ({
  name: 'in-memory',
  open: (clock) => {
    const broker = new InMemoryBroker(clock);
    return {
      transport: () => createInMemoryTransport({ broker }),
      store: createInMemoryHistoryStore(),
      shutdown: () => broker.shutdown(),
    };
  },
});
