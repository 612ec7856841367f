import { type AdapterDescriptor, type HistoryStore, TOKENS } from '@cadenza/core';
import { ContainerModule } from 'inversify';
import { createEventStoreDbHistoryStore } from './eventstoredb-history-store';
import { resolveEventStoreDbOptions } from './eventstoredb-history-store.options';

/** Binds `TOKENS.HistoryStore` to an EventStoreDB store with its own client; options are checked here, at start-up. */
export const eventStoreDbModule = (raw: unknown, at = 'history'): ContainerModule => {
  const options = resolveEventStoreDbOptions(raw, at);
  return new ContainerModule(({ bind }) => {
    bind<HistoryStore>(TOKENS.HistoryStore).toDynamicValue(() => createEventStoreDbHistoryStore(options)).inSingletonScope();
  });
};

/** Registry entry: `history: { type: eventstoredb, connectionString: … }`. */
export const eventStoreDbHistoryAdapter: AdapterDescriptor = { kind: 'history', type: 'eventstoredb', module: eventStoreDbModule };
