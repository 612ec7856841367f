import type { Meta } from '../model/json';
import type { AttemptSignal } from './attempt-timeout';
import type { TaskContext } from './task-context';

/**
 * The {@link TaskContext} of one attempt. A class, not an object literal with a `get signal()`: a literal with an
 * accessor is built on V8's slow path, which cost a twentieth of a sequential transfer's CPU. Its own properties
 * are the context's data (what a spread or a rest copies); `signal` is read through the prototype, as before.
 */
export class AttemptContext implements TaskContext {
  readonly #signal: AttemptSignal;
  /** Only when there is one, as before: a field declared without `declare` would make it an own `undefined`. */
  declare readonly lastError?: { readonly name: string; readonly message: string };

  constructor(
    readonly taskId: string,
    readonly attempt: number,
    readonly service: string,
    readonly method: string,
    readonly workflowName: string,
    readonly workflowId: string,
    readonly tags: readonly string[],
    readonly meta: Readonly<Meta>,
    lastError: { readonly name: string; readonly message: string } | undefined,
    readonly deadline: number,
    signal: AttemptSignal,
  ) {
    if (lastError) this.lastError = lastError;
    this.#signal = signal;
  }

  get signal(): AbortSignal {
    return this.#signal.signal;
  }
}
