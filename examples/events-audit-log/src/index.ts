export * from './audit-database.port';
export * from './audit-row';
export * from './audit-sink';
export * from './audit-table';
export * from './audit-log';
