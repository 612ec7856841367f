import type { TransportCapabilities } from '@cadenza/core';
import { KAFKA_DEFAULTS } from './kafka-transport.options';

/** What the Kafka transport can do, as data. Delays live on the adapter's own topics, so they are durable. */
export const kafkaTransportCapabilities = (maxMessageBytes: number = KAFKA_DEFAULTS.maxMessageBytes): TransportCapabilities => ({
  delayedDelivery: true,
  durable: true,
  maxMessageBytes,
  delayPrecisionMs: 1_000,
});
