import { CadenzaError } from './cadenza-error';

/**
 * A signed message whose signature does not verify: its key id is not one of the configured keys, or the
 * MAC does not match the envelope (forged, or changed after signing). It is dead-lettered and never handled.
 * The message never carries key material: `keyId` is the id the message claims.
 */
export class BadSignatureError extends CadenzaError {
  readonly code = 'BAD_SIGNATURE';
  readonly retriable = false;
  constructor(
    /** The topic it arrived on. */
    readonly topic: string,
    /** The envelope id it claims. */
    readonly messageId: string,
    /** The key id it claims to be signed with. */
    readonly keyId: string,
    /** What failed: `unknown key id`, `malformed signature` or `signature does not match`. */
    readonly reason: string,
  ) {
    super(`message ${messageId} on ${topic} has a bad signature (key ${JSON.stringify(keyId)}): ${reason}`);
  }
}
