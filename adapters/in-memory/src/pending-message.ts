import { type Envelope, jsonCopy } from '@cadenza/core';

/**
 * An envelope as a serializing transport holds it: copied at publish by the envelope codec's JSON rules
 * (unless published `handedOver`), so the publisher changing its objects afterwards changes nothing. Each read of `envelope` makes a copy
 * of its own, so no delivery, redelivery or group shares an object with another: what one handler
 * changes, nobody else sees. `held` is the copy kept, for handlers subscribed `readOnly`, which promise
 * never to change it (the port's rule "Envelopes are values").
 */
export class CopiedEnvelope {
  readonly held: Envelope;

  /** `handedOver`: the publisher never changes `published` again, so it is kept as it is. */
  constructor(published: Envelope, handedOver = false) {
    this.held = handedOver ? published : jsonCopy(published);
  }

  get envelope(): Envelope {
    return jsonCopy(this.held);
  }
}

/** A message held by the in-memory broker: a copied envelope, or raw bytes from a test. */
export type Payload = CopiedEnvelope | { readonly bytes: Uint8Array };

/** One message waiting in a group, with how often it has been delivered. */
export interface PendingMessage {
  readonly payload: Payload;
  readonly key?: string;
  deliveryCount: number;
  /** Deliveries rejected with a transient error: they do not count toward `maxDeliveries`. */
  transientRejections: number;
}
