import { type Envelope, encodeEnvelope } from '../model/envelope';
import { fitDeadLetter } from '../model/fit-dead-letter';
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
