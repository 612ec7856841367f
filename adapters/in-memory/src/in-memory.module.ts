import { type AdapterDescriptor, decodeConfig, type HistoryStore, TOKENS, type Transport } from '@cadenza/core';
import { ContainerModule } from 'inversify';
import { defaultInMemoryBroker } from './in-memory-broker';
import { createInMemoryHistoryStore } from './in-memory-history-store';
import { createInMemoryTransport } from './in-memory-transport';
import { InMemoryHistoryConfig, InMemoryTransportConfig } from './in-memory.options';

let defaultStore: HistoryStore | undefined;

/** The history store shared by everything in this process that is configured with `type: in-memory`. */
export const defaultInMemoryHistoryStore = (): HistoryStore => (defaultStore ??= createInMemoryHistoryStore());

/** Binds `TOKENS.Transport` to an in-memory transport on the process-wide broker (made with `retention` if first). */
export const inMemoryTransportModule = (raw: unknown, at = 'transport'): ContainerModule => {
  const { retention } = decodeConfig(InMemoryTransportConfig, raw, at);
  const broker = defaultInMemoryBroker(retention ? { retention } : {});
  return new ContainerModule(({ bind }) => {
    bind<Transport>(TOKENS.Transport).toDynamicValue(() => createInMemoryTransport({ broker })).inSingletonScope();
  });
};

/** Binds `TOKENS.HistoryStore` to the process-wide in-memory store. */
export const inMemoryHistoryModule = (raw: unknown, at = 'history'): ContainerModule => {
  decodeConfig(InMemoryHistoryConfig, raw, at);
  return new ContainerModule(({ bind }) => {
    bind<HistoryStore>(TOKENS.HistoryStore).toConstantValue(defaultInMemoryHistoryStore());
  });
};

/** Registry entries: `transport: { type: in-memory }` and `history: { type: in-memory }`. */
export const inMemoryTransportAdapter: AdapterDescriptor = { kind: 'transport', type: 'in-memory', module: inMemoryTransportModule };
export const inMemoryHistoryAdapter: AdapterDescriptor = { kind: 'history', type: 'in-memory', module: inMemoryHistoryModule };
