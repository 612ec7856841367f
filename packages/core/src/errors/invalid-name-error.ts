import { renderValue } from '../model/validation-report';
import { CadenzaError } from './cadenza-error';

/**
 * A name taken from a message (a `replyTo` topic, a parent workflow's name, the workflow a task answers to) that
 * Cadenza refuses to turn into a topic: it names the field, what was expected and what came (cut to 120
 * characters). The message goes to the dead letter and no topic is created or published to.
 */
export class InvalidNameError extends CadenzaError {
  readonly code = 'INVALID_NAME';
  readonly retriable = false;
  constructor(readonly field: string, readonly expected: string, readonly actual: unknown) {
    super(`invalid name at ${field}: expected ${expected}, got ${renderValue(actual)}`);
  }
}
