export * from './append-many';
export * from './postgres-history-store';
export * from './postgres-history-store.options';
export * from './postgres-tls';
export * from './postgres.module';
export * from './translate-pg-error';
