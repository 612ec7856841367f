import { renderValue } from '../model/validation-report';
import { CadenzaError } from './cadenza-error';

/** Thrown at start-up for invalid configuration; names the field, what was expected and what was found. */
export class ConfigError extends CadenzaError {
  readonly code = 'CONFIG';
  readonly retriable = false;
  constructor(readonly path: string, readonly expected: string, readonly actual: unknown, readonly hint?: string) {
    super(`invalid config at ${path}: expected ${expected}, got ${renderValue(actual)}${hint ? ` (${hint})` : ''}`);
  }
}
