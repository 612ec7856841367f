import { type Client, createClient, createWorker, type HistoryStore, type Worker, type WorkflowClass } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { createShopService, ShopService } from './shop-service';

/** What survives a deploy: the broker, the history, and what the shop did. */
export interface ShopInfrastructure {
  readonly broker: InMemoryBroker;
  readonly history: HistoryStore;
  readonly done: Map<string, string[]>;
}

/** Infrastructure for {@link startShopWorker}; `shutdown()` it at the end. */
export const createShopInfrastructure = (): ShopInfrastructure & { shutdown(): Promise<void> } => {
  const broker = new InMemoryBroker();
  const history = createInMemoryHistoryStore();
  return {
    broker, history, done: new Map(),
    shutdown: async () => {
      await history.close();
      broker.shutdown();
    },
  };
};

/** A running release of the shop: a worker with one version of the order code, and a client. */
export interface ShopRelease {
  readonly worker: Worker;
  readonly client: Client;
  stop(): Promise<void>;
}

/** Starts a worker that runs `orderCode` (one release) on the shared infrastructure. */
export const startShopRelease = async (infrastructure: ShopInfrastructure, orderCode: WorkflowClass, options: { cacheSize?: number } = {}): Promise<ShopRelease> => {
  const transport = createInMemoryTransport({ broker: infrastructure.broker });
  const worker = createWorker({ transport, history: infrastructure.history, namespace: 'shop', cacheSize: options.cacheSize ?? 10_000 })
    .registerWorkflow(orderCode)
    .registerService(ShopService, createShopService(infrastructure.done));
  await worker.start();
  const client = createClient({ transport, namespace: 'shop' });
  return {
    worker, client,
    stop: async () => {
      await client.close();
      await worker.stop();
      await transport.close();
    },
  };
};
