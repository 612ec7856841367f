import { encodeEnvelope, type Transport } from '@cadenza/core';

/** A transport that counts what goes through `publish`, so a run reports messages it actually moved. */
export interface CountingTransport extends Transport {
  /** Messages published since the transport was made (or since the last `resetCount`). */
  readonly published: number;
  /** Mean encoded size of the envelopes published, from a sample of one in {@link SAMPLE_EVERY}; 0 before any. */
  readonly meanEnvelopeBytes: number;
  resetCount(): void;
}

/** One envelope in this many is encoded to learn the mean size: enough for a mean, cheap on the hot path. */
export const SAMPLE_EVERY = 32;

/** Wraps a transport; it costs an increment per publish and an encoding per sampled one. */
export const countingTransport = (inner: Transport): CountingTransport => {
  let published = 0;
  let sampled = 0;
  let sampledBytes = 0;
  return {
    capabilities: inner.capabilities,
    get published() {
      return published;
    },
    get meanEnvelopeBytes() {
      return sampled === 0 ? 0 : Math.round(sampledBytes / sampled);
    },
    resetCount() {
      published = 0;
    },
    publish: (topic, envelope, options) => {
      if (published++ % SAMPLE_EVERY === 0) {
        sampled++;
        sampledBytes += encodeEnvelope(envelope).length;
      }
      return inner.publish(topic, envelope, options);
    },
    subscribe: (topic, group, handle, options) => inner.subscribe(topic, group, handle, options),
    close: () => inner.close(),
  };
};
