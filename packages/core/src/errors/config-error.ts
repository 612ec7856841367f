import { CadenzaError } from './cadenza-error';

/** Thrown at start-up for invalid configuration; names the field, what was expected and what was found. */
export class ConfigError extends CadenzaError {
  readonly code = 'CONFIG';
  readonly retriable = false;
  constructor(readonly path: string, readonly expected: string, readonly actual: unknown, readonly hint?: string) {
    super(`invalid config at ${path}: expected ${expected}, got ${describeValue(actual)}${hint ? ` (${hint})` : ''}`);
  }
}

/** A short, safe rendering of any value for error messages. */
export const describeValue = (value: unknown): string => {
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return String(value);
  }
};
