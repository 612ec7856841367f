import { type Client, createClient, createWorker, type HistoryStore, type Transport, type Worker } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { FanOutWorkflow } from './fan-out-workflow';
import { createSquareService, SquareService } from './square-service';

/** Options of {@link startFanOut}. */
export interface FanOutOptions {
  /** Live instances the engine keeps; 0 replays the whole history at every step.
   *  @default 10_000 */
  readonly cacheSize?: number;
  /** Keep each history after the workflow ends (to look at it).
   *  @default false */
  readonly retainHistory?: boolean;
  /** @default 'fan-out' */
  readonly namespace?: string;
}

/** A worker running the fan-out on in-memory adapters, a client, and the count of tasks it ran. */
export interface FanOut {
  readonly worker: Worker;
  readonly client: Client;
  readonly history: HistoryStore;
  readonly transport: Transport;
  readonly calls: { count: number };
  stop(): Promise<void>;
}

/** Starts a worker with {@link FanOutWorkflow} and {@link SquareService} on the in-memory transport and history. */
export const startFanOut = async (options: FanOutOptions = {}): Promise<FanOut> => {
  // A broker of its own: stopping shuts it down, with the timers it still holds (a process can then exit).
  const broker = new InMemoryBroker();
  const transport = createInMemoryTransport({ broker });
  const history = createInMemoryHistoryStore();
  const namespace = options.namespace ?? 'fan-out';
  const calls = { count: 0 };
  const worker = createWorker({ transport, history, namespace, cacheSize: options.cacheSize ?? 10_000, retainHistory: options.retainHistory ?? false })
    .registerWorkflow(FanOutWorkflow)
    .registerService(SquareService, createSquareService(calls));
  await worker.start();
  const client = createClient({ transport, namespace });
  return {
    worker, client, history, transport, calls,
    stop: async () => {
      await client.close();
      await worker.stop();
      await transport.close();
      await history.close();
      broker.shutdown();
    },
  };
};
