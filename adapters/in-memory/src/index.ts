export * from './in-memory-broker';
export * from './in-memory-history-store';
export * from './in-memory-transport';
export * from './in-memory.module';
export * from './in-memory.options';
export * from './manual-clock';
