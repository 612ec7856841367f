export * from './harness';
export * from './history-store.suite';
export * from './transport.suite';
export * from './support/eventually';
export * from './support/fresh-name';
export * from './support/it-if';
export * from './support/latch';
export * from './support/test-envelope';
