import type { TransportCapabilities } from '@cadenza/core';

/** Pulsar's default `maxMessageSize` (5 MiB) less room for the frame's command and metadata. */
export const PULSAR_MAX_MESSAGE_BYTES = 5 * 1024 * 1024 - 16 * 1024;

/** What the Pulsar transport can do, as data. */
export const pulsarCapabilities = (delayPrecisionMs = 1000): TransportCapabilities => ({
  delayedDelivery: true,
  durable: true,
  maxMessageBytes: PULSAR_MAX_MESSAGE_BYTES,
  delayPrecisionMs,
});
