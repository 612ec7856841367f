export * from './create-kafka-transport';
export * from './delay/delay-buckets';
export * from './headers';
export * from './kafka-capabilities';
export * from './kafka-transport';
export * from './kafka-transport.options';
export * from './kafka.module';
export * from './support/kafka-logger';
export * as testing from './testing';
