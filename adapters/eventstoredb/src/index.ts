export * from './eventstoredb-history-store';
export * from './eventstoredb-history-store.options';
export * from './eventstoredb.module';
export * from './translate-esdb-error';
