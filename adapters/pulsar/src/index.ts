export * from './dead-letter';
export * from './delay/delay-topic';
export * from './pulsar-capabilities';
export * from './pulsar-transport';
export * from './pulsar-transport.options';
export * from './pulsar.module';
export * from './testing/raw-throughput';
