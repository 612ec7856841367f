import { ContinueAsNewNotAllowedError } from '../errors/continue-as-new-not-allowed-error';

/**
 * What `this.continueAsNew(...args)` settles with: the main method rejects with it, and the engine ends the run
 * and starts the next one with `args`. Anywhere else (a method started beside the main one, an update handler)
 * it is what it extends, a {@link ContinueAsNewNotAllowedError}, and fails that method or update as one.
 */
export class ContinueAsNewRequest extends ContinueAsNewNotAllowedError {
  constructor(workflowName: string, workflowId: string, readonly args: readonly unknown[]) {
    super(workflowName, workflowId);
    this.name = 'ContinueAsNewNotAllowedError';
  }
}

/**
 * A thenable, not a promise: it rejects only when awaited or returned, so a call nobody awaits is no unhandled
 * rejection (and starts no new run).
 */
export const continueAsNewThenable = (request: ContinueAsNewRequest): Promise<never> => ({
  then: (onfulfilled?: unknown, onrejected?: (reason: unknown) => unknown) => Promise.reject(request).then(undefined, onrejected),
}) as unknown as Promise<never>;
