import { CadenzaError } from './cadenza-error';

/** A workflow, service or method that no worker registered. */
export class NotRegisteredError extends CadenzaError {
  readonly code = 'NOT_REGISTERED';
  readonly retriable = false;
  constructor(readonly kind: 'workflow' | 'service' | 'method' | 'update', readonly missing: string, readonly known: string[] = []) {
    super(`${kind} ${missing} is not registered${known.length ? `; registered: ${known.join(', ')}` : ''}`);
  }
}
