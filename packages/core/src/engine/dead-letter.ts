import { type Envelope, encodeEnvelope } from '../model/envelope';
import { fitDeadLetter } from '../model/fit-dead-letter';
import type { Names } from '../model/names';
import type { Delivery } from '../ports/transport.port';

/**
 * The `DeadLetter` envelope for a delivered message that cannot be handled, carrying it whole when that fits
 * `maxBytes` (the transport's `maxMessageBytes`) and cut to fit otherwise (see {@link fitDeadLetter}).
 */
export const deadLetterFor = (delivery: Delivery, reason: string, at: number, maxBytes: number): Envelope => fitDeadLetter({
  v: 1,
  id: `dead-letter:${delivery.envelope.id}`,
  at,
  causationId: delivery.envelope.id,
  message: {
    kind: 'DeadLetter', originalTopic: delivery.topic, reason, deliveries: delivery.deliveryCount,
    raw: Buffer.from(encodeEnvelope(delivery.envelope)).toString('base64'),
    ...(delivery.key !== undefined ? { key: delivery.key } : {}),
  },
}, maxBytes);

/** Message kinds that only the events topic carries: a worker never acts on them. */
const EVENT_KINDS: ReadonlySet<string> = new Set(['WorkflowEvents', 'TaskAttemptFailed']);

/** The dead-letter reason for an events-topic message delivered to a worker's topic; undefined for any other kind. */
export const misroutedEvent = (kind: string, topic: string, names: Names): string | undefined =>
  EVENT_KINDS.has(kind) ? `misrouted: a ${kind} message belongs on the events topic ${names.eventsTopic()}, not on ${topic}; nothing acts on it here` : undefined;
