import { CadenzaError } from './cadenza-error';

/** A message on a topic that is not a Cadenza envelope of a known version; it goes to the dead letter. */
export class MalformedMessageError extends CadenzaError {
  readonly code = 'MALFORMED_MESSAGE';
  readonly retriable = false;
  constructor(readonly topic: string, readonly reason: string) {
    super(`malformed message on ${topic}: ${reason}`);
  }
}
