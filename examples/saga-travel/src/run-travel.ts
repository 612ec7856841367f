import { type Client, createClient, createWorker, type Logger } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { type Step, TravelAgencies } from './travel-agencies';
import { CarService, FlightService, HotelService } from './travel-services';
import { TravelWorkflow } from './travel-workflow';

/** A running travel desk: a client to book trips with, and the agencies' log. */
export interface TravelDesk {
  readonly client: Client;
  readonly agencies: TravelAgencies;
  stop(): Promise<void>;
}

/** Options of {@link startTravelDesk}. */
export interface TravelDeskOptions {
  /** Services that refuse every booking. @default none */
  readonly soldOut?: readonly Step[];
  /** Live instances the engine keeps; 0 replays every step from history. @default 10_000 */
  readonly cacheSize?: number;
  /** @default warnings and errors on stderr */
  readonly logger?: Logger;
}

/** Starts one worker (the saga and the three services) and a client, on the in-memory transport and store. */
export const startTravelDesk = async (options: TravelDeskOptions = {}): Promise<TravelDesk> => {
  const transport = createInMemoryTransport({ broker: new InMemoryBroker() });
  const agencies = new TravelAgencies(new Set(options.soldOut ?? []));
  const parts = { transport, ...(options.logger ? { logger: options.logger } : {}) };
  const worker = createWorker({ ...parts, history: createInMemoryHistoryStore(), namespace: 'travel', ...(options.cacheSize !== undefined ? { cacheSize: options.cacheSize } : {}) })
    .registerWorkflow(TravelWorkflow)
    .registerService(FlightService, agencies.flights())
    .registerService(HotelService, agencies.hotels())
    .registerService(CarService, agencies.cars());
  await worker.start();
  const client = createClient({ ...parts, namespace: 'travel' });
  return {
    client, agencies,
    stop: async () => {
      await client.close();
      await worker.stop();
      await transport.close();
    },
  };
};
