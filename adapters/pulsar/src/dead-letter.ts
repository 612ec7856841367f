/** Builds the `DeadLetter` envelope a transport publishes for a message it gives up on. */
import { type Envelope, fitDeadLetter, WIRE_VERSION } from '@cadenza/core';

export interface DeadLetterFacts {
  readonly originalTopic: string;
  readonly reason: string;
  readonly deliveries: number;
  readonly raw: Uint8Array;
  readonly key?: string;
  /** Broker position of the original, so a repeated dead-lettering gets the same id. */
  readonly position: string;
  /** Id of the original envelope, when it decoded. */
  readonly causationId?: string;
}

/** The dead letter for `f`, fitted to `maxBytes` (the transport's `maxMessageBytes`; see core's `fitDeadLetter`). */
export const deadLetterEnvelope = (f: DeadLetterFacts, maxBytes: number, now = Date.now()): Envelope => fitDeadLetter({
  v: WIRE_VERSION,
  id: `dead-letter:${f.originalTopic}:${f.position}`,
  at: now,
  ...(f.causationId === undefined ? {} : { causationId: f.causationId }),
  message: {
    kind: 'DeadLetter',
    originalTopic: f.originalTopic,
    reason: f.reason,
    deliveries: f.deliveries,
    raw: Buffer.from(f.raw.buffer, f.raw.byteOffset, f.raw.length).toString('base64'),
    ...(f.key === undefined ? {} : { key: f.key }),
  },
}, maxBytes);
