import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { checkSigningConfig, type SigningConfig } from '../config/signing-config';
import { BadSignatureError } from '../errors/bad-signature-error';
import { UnsignedMessageError } from '../errors/unsigned-message-error';
import type { Envelope } from '../model/envelope';
import { signedText } from './canonical-envelope';
import { sameMac } from './same-mac';

/** Signs envelopes with one key and verifies them against all configured keys. Holds no secret in a readable field. */
export interface EnvelopeSigner {
  /** The id of the key {@link sign} uses. */
  readonly signingKeyId: string;
  /** A copy of `envelope` with a fresh `sig` (any `sig` it had is replaced). */
  sign(envelope: Envelope): Envelope;
  /** The refusal for an envelope that arrived on `topic`, or undefined when its signature verifies. */
  refusal(envelope: Envelope, topic: string): UnsignedMessageError | BadSignatureError | undefined;
}

const mac = (key: KeyObject, text: string): Buffer => createHmac('sha256', key).update(text, 'utf8').digest();

/**
 * An {@link EnvelopeSigner} for `signing` (checked first: a bad config throws `ConfigError`). Secrets are
 * kept as `KeyObject`s, which print as `KeyObject { type: 'secret' }`, never as their bytes.
 */
export const createEnvelopeSigner = (signing: SigningConfig): EnvelopeSigner => {
  checkSigningConfig(signing);
  const keys = new Map(signing.keys.map((key) => [key.id, createSecretKey(Buffer.from(key.secret, 'utf8'))]));
  const signingKey = keys.get(signing.signWith)!;
  const signingKeyId = signing.signWith;
  return {
    signingKeyId,
    sign: (envelope) => ({ ...envelope, sig: { kid: signingKeyId, mac: mac(signingKey, signedText(envelope, signingKeyId)).toString('base64url') } }),
    refusal: (envelope, topic) => {
      const { sig } = envelope;
      if (!sig) return new UnsignedMessageError(topic, envelope.id);
      const key = keys.get(sig.kid);
      if (!key) return new BadSignatureError(topic, envelope.id, sig.kid, 'unknown key id');
      const given = Buffer.from(sig.mac, 'base64url');
      if (given.toString('base64url') !== sig.mac) return new BadSignatureError(topic, envelope.id, sig.kid, 'malformed signature');
      if (!sameMac(mac(key, signedText(envelope, sig.kid)), given)) return new BadSignatureError(topic, envelope.id, sig.kid, 'signature does not match');
      return undefined;
    },
  };
};
