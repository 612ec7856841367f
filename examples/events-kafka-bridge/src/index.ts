export * from './bridge';
export * from './kafka-producer.port';
export * from './kafka-record';
export * from './kafka-bridge';
