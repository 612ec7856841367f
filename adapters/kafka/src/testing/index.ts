export * from './raw-throughput';
