import { deadLetterFor } from '../engine/dead-letter';
import { decodeEnvelope, type Envelope } from '../model/envelope';
import { fitDeadLetter } from '../model/fit-dead-letter';
import type { MessageOf } from '../model/messages';
import { systemClock, type Clock } from '../ports/clock.port';
import type { Logger } from '../ports/logger.port';
import type { Delivery, DeliveryHandler, SubscribeOptions, Transport } from '../ports/transport.port';
import type { EnvelopeSigner } from './envelope-signer';

export interface SignedTransportOptions {
  readonly logger: Logger;
  /** Stamps the dead letters of refused messages. @default the system clock */
  readonly clock?: Clock;
}

/** The bytes `sig` adds to an encoded envelope: `,"sig":{"kid":"…","mac":"<43 base64url chars>"}`. */
const signatureBytes = (keyId: string): number => Buffer.byteLength(JSON.stringify({ sig: { kid: keyId, mac: 'x'.repeat(43) } })) - 1;

const withoutSignature = ({ sig: _sig, ...rest }: Envelope): Envelope => rest;

/** The envelope a dead letter carries, or undefined when it carries bytes that were never an envelope. */
const carriedEnvelope = (letter: MessageOf<'DeadLetter'>): Envelope | undefined => {
  try {
    return decodeEnvelope(Buffer.from(letter.raw, 'base64'), letter.originalTopic);
  } catch {
    return undefined;
  }
};

/**
 * An unsigned dead letter cut to fit its transport carries bytes that no longer verify, so nothing vouches for
 * the `origin` it names (anyone who can write the dead-letter topic could name any workflow's step): it is
 * handed on without it, and so is never routed into a task failure.
 */
const withoutVouchlessOrigin = (envelope: Envelope): Envelope => {
  const letter = envelope.message;
  if (letter.kind !== 'DeadLetter' || envelope.sig || letter.origin === undefined || carriedEnvelope(letter)) return envelope;
  const { origin: _origin, ...rest } = letter;
  return { ...envelope, message: rest };
};

/**
 * `inner` with signed envelopes, for any adapter. `publish` signs each envelope with the signing key;
 * `subscribe` verifies each delivery before `handle` sees it, and hands it on without its `sig` (so handlers
 * see what was published). A refused delivery (no signature, an unknown key id, a MAC that does not match) is
 * never handled: it goes to the subscription's `deadLetterTopic` as a `DeadLetter` whose reason names the
 * typed error, like the transport's own dead letters, and is acknowledged.
 *
 * Dead letters need one more rule, because transports write their own unsigned: a `DeadLetter` is trusted
 * when it is signed, or when the envelope it carries is (a transport's dead letter of one of our messages),
 * or when it carries bytes that are not an envelope at all (nothing in it can be acted on: the `origin` of such
 * a letter, one cut to fit, is dropped, see {@link withoutVouchlessOrigin}). Any other dead
 * letter — the record of a refused forgery among them — is acknowledged and logged but not handed on, so the
 * worker never turns a forged `ExecuteTask` into a failure of a real task. It is not dead-lettered again:
 * it is on a dead-letter topic already.
 */
export const signTransport = (inner: Transport, signer: EnvelopeSigner, options: SignedTransportOptions): Transport => {
  const log = options.logger.child({ component: 'signed-transport' });
  const clock = options.clock ?? systemClock;

  const refusal = (delivery: Delivery) => {
    const { envelope } = delivery;
    if (envelope.message.kind !== 'DeadLetter' || envelope.sig) return signer.refusal(envelope, delivery.topic);
    const carried = carriedEnvelope(envelope.message);
    return carried && signer.refusal(carried, envelope.message.originalTopic);
  };

  const maxMessageBytes = inner.capabilities.maxMessageBytes - signatureBytes(signer.signingKeyId);

  const guard = (topic: string, handle: DeliveryHandler, subscribed: SubscribeOptions): DeliveryHandler => async (delivery) => {
    const refused = refusal(delivery);
    // The inner transport fits its own (unsigned) dead letters to its limit; a handler sees them within ours.
    if (!refused) return handle({ ...delivery, envelope: fitDeadLetter(withoutVouchlessOrigin(withoutSignature(delivery.envelope)), maxMessageBytes) });
    const facts = { topic, messageId: delivery.envelope.id, kind: delivery.envelope.message.kind, code: refused.code, reason: refused.message };
    if (delivery.envelope.message.kind === 'DeadLetter') {
      log.warn(facts, 'a dead letter that no configured key vouches for; acknowledged, not handled');
      return;
    }
    log.warn(facts, 'refused a message that is not validly signed; dead-lettered, not handled');
    await inner.publish(subscribed.deadLetterTopic, deadLetterFor(delivery, `${refused.code}: ${refused.message}`, clock.now(), inner.capabilities.maxMessageBytes));
  };

  return {
    capabilities: { ...inner.capabilities, maxMessageBytes },
    publish: (topic, envelope, publishOptions) => inner.publish(topic, signer.sign(envelope), publishOptions),
    subscribe: (topic, group, handle, subscribed) => inner.subscribe(topic, group, guard(topic, handle, subscribed), subscribed),
    close: () => inner.close(),
  };
};
