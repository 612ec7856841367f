import { type Envelope, fitDeadLetter } from '@cadenza/core';

/** What the dead letter records about one message. */
export interface DeadLetterFacts {
  readonly originalTopic: string;
  readonly partition: number;
  readonly offset: string;
  readonly reason: string;
  readonly deliveries: number;
  readonly raw: Uint8Array;
  readonly key?: string;
  /** The id of the original envelope, when the bytes were one. */
  readonly causationId?: string;
}

/**
 * The `DeadLetter` envelope for a message, fitted to `maxBytes` (the transport's `maxMessageBytes`; see core's
 * `fitDeadLetter`), so an oversized original is cut rather than looping. Its id is derived from where the message
 * was read, so dead-lettering the same record twice (after a crash) produces the same id and readers can drop the
 * duplicate.
 */
export const deadLetterEnvelope = (facts: DeadLetterFacts, now: number, maxBytes: number): Envelope => fitDeadLetter({
  v: 1,
  id: `dead-letter:${facts.originalTopic}:${facts.partition}:${facts.offset}`,
  at: now,
  message: {
    kind: 'DeadLetter',
    originalTopic: facts.originalTopic,
    reason: facts.reason,
    deliveries: facts.deliveries,
    raw: Buffer.from(facts.raw).toString('base64'),
    ...(facts.key !== undefined ? { key: facts.key } : {}),
  },
  ...(facts.causationId !== undefined ? { causationId: facts.causationId } : {}),
}, maxBytes);
