import { CadenzaError } from './cadenza-error';

/** How deep {@link DeferredError.causes} follows `cause` (a cycle must not hang it). */
const MAX_CAUSES = 16;

/**
 * The base of every error thrown where workflow code awaits a step that did not complete (a task that
 * failed or timed out, a child workflow that failed, was canceled or timed out), and of the errors a client
 * gets for a workflow's outcome. Catch it (or match its `code`) to handle any step that did not complete.
 * Each subclass names its step (`service`, `method` and `taskId`; or `workflowName` and `workflowId`);
 * `seq` is the step's number in the workflow that awaited it, when known; `cause` says why, and
 * {@link causes} walks the whole chain. All of it survives the wire (`toErrorData` / `fromErrorData`).
 */
export abstract class DeferredError extends CadenzaError {
  /** The step's number in the workflow that awaited it, when known. */
  readonly seq?: number;

  constructor(message: string, options: { cause?: unknown; seq?: number | undefined } = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    if (options.seq !== undefined) this.seq = options.seq;
  }

  /** The cause chain, nearest first: `cause`, its `cause`, and so on (errors only, at most 16). */
  causes(): Error[] {
    const chain: Error[] = [];
    for (let next = this.cause; next instanceof Error && chain.length < MAX_CAUSES && !chain.includes(next); next = next.cause) chain.push(next);
    return chain;
  }
}
