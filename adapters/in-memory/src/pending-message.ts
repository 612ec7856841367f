import type { Envelope } from '@cadenza/core';

/** A message held by the in-memory broker: an envelope as published, or raw bytes from a test. */
export type Payload = { readonly envelope: Envelope } | { readonly bytes: Uint8Array };

/** One message waiting in a group, with how often it has been delivered. */
export interface PendingMessage {
  readonly payload: Payload;
  readonly key?: string;
  deliveryCount: number;
  /** Deliveries rejected with a transient error: they do not count toward `maxDeliveries`. */
  transientRejections: number;
}
