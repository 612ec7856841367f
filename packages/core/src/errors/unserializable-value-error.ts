import { CadenzaError } from './cadenza-error';

/** Workflow code produced a value that cannot be stored as JSON (a BigInt, a cycle, a function, nesting too deep). */
export class UnserializableValueError extends CadenzaError {
  readonly code = 'UNSERIALIZABLE';
  readonly retriable = false;
  /** @param reason what serializing `what` ran into */
  constructor(readonly what: string, readonly reason: string, options?: { cause?: unknown }) {
    super(`${what} cannot be serialized as JSON: ${reason}`, options);
  }
}
