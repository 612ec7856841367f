import { CadenzaError } from './cadenza-error';

/**
 * A message that arrived without a signature while signing is on (see `signing` in the config). It is
 * dead-lettered and never handled: whoever wrote it to the topic does not hold a signing key.
 */
export class UnsignedMessageError extends CadenzaError {
  readonly code = 'UNSIGNED_MESSAGE';
  readonly retriable = false;
  constructor(
    /** The topic it arrived on. */
    readonly topic: string,
    /** The envelope id it claims. */
    readonly messageId: string,
  ) {
    super(`message ${messageId} on ${topic} is not signed, and signing is on`);
  }
}
