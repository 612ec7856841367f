import type { TransportCapabilities } from '@cadenza/core';
import { pulsarDefaults } from './pulsar-transport.options';

/** Pulsar's default `maxMessageSize` (5 MiB) less room for the frame's command and metadata: the default `maxMessageBytes`. */
export const PULSAR_MAX_MESSAGE_BYTES = pulsarDefaults.maxMessageBytes;

/** What the Pulsar transport can do, as data. */
export const pulsarCapabilities = (delayPrecisionMs: number = pulsarDefaults.delayPrecisionMs, maxMessageBytes: number = PULSAR_MAX_MESSAGE_BYTES): TransportCapabilities => ({
  delayedDelivery: true,
  durable: true,
  maxMessageBytes,
  delayPrecisionMs,
});
