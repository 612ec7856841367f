import { renderValue } from '../model/validation-report';
import { CadenzaError } from './cadenza-error';

/**
 * A tag Cadenza refuses: empty, longer than 256 characters, holding a control character, or not a string.
 * `field` names where it came from (`tags.0` of a start's options, `tag` of `client.getIds`).
 */
export class InvalidTagError extends CadenzaError {
  readonly code = 'INVALID_TAG';
  readonly retriable = false;
  constructor(readonly field: string, readonly reason: string, readonly actual: unknown) {
    super(`invalid tag at ${field}: ${reason}, got ${renderValue(actual)}`);
  }
}
