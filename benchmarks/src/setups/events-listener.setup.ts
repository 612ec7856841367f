import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { compareWithListener, listenerOutcome } from '../events/listener-bench';
import type { BenchSetup } from './bench-setup';
import { resultHeader } from './result-header';

const name = 'events-listener.in-memory.in-memory';
const about = 'The bank transfer at 1,000 in flight on the in-memory transport and store, events published, without and then with an event '
  + 'listener (default options, one batch handler): the bank figures both ways, the listener\'s events/s and its lag.';

/** What a listener costs the workers, and how fast it keeps up, on one in-memory broker per run. */
export const eventsListenerSetup: BenchSetup = {
  name,
  about,
  run: async (scale) => {
    const header = resultHeader(name, about, scale);
    const plan = { inFlight: scale.listenerInFlight, warmupMs: scale.inMemory.warmupMs, measureMs: scale.inMemory.measureMs };
    const comparison = await compareWithListener(name, plan, async () => {
      const broker = new InMemoryBroker();
      return {
        namespace: 'bench',
        transport: createInMemoryTransport({ broker }),
        history: createInMemoryHistoryStore(),
        listenerTransport: async () => createInMemoryTransport({ broker }),
        close: async () => broker.shutdown(),
      };
    });
    return listenerOutcome(header, plan, comparison);
  },
};
