import { type Envelope, jsonCopy } from '@cadenza/core';

/**
 * An envelope as a serializing transport holds it: copied at publish by the envelope codec's JSON rules,
 * so the publisher changing its objects afterwards changes nothing. Each read of `envelope` makes a copy
 * of its own, so no delivery, redelivery or group shares an object with another: what one handler
 * changes, nobody else sees.
 */
export class CopiedEnvelope {
  private readonly original: Envelope;

  constructor(published: Envelope) {
    this.original = jsonCopy(published);
  }

  get envelope(): Envelope {
    return jsonCopy(this.original);
  }
}

/** A message held by the in-memory broker: a copied envelope, or raw bytes from a test. */
export type Payload = { readonly envelope: Envelope } | { readonly bytes: Uint8Array };

/** One message waiting in a group, with how often it has been delivered. */
export interface PendingMessage {
  readonly payload: Payload;
  readonly key?: string;
  deliveryCount: number;
  /** Deliveries rejected with a transient error: they do not count toward `maxDeliveries`. */
  transientRejections: number;
}
