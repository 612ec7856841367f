import { type AdapterDescriptor, type HistoryStore, TOKENS } from '@cadenza/core';
import { ContainerModule } from 'inversify';
import { createPostgresHistoryStore } from './postgres-history-store';
import { resolvePostgresOptions } from './postgres-history-store.options';

/**
 * Binds `TOKENS.HistoryStore` to a PostgreSQL store with its own pool. Options are checked here, at
 * start-up, so bad config fails before any connection is tried.
 */
export const postgresModule = (raw: unknown, at = 'history'): ContainerModule => {
  const options = resolvePostgresOptions(raw, at);
  return new ContainerModule(({ bind }) => {
    bind<HistoryStore>(TOKENS.HistoryStore).toDynamicValue(() => createPostgresHistoryStore(options)).inSingletonScope();
  });
};

/** Registry entry: `history: { type: postgres, connectionString: … }`. */
export const postgresHistoryAdapter: AdapterDescriptor = { kind: 'history', type: 'postgres', module: postgresModule };
