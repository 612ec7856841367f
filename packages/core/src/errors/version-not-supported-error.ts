import { CadenzaError } from './cadenza-error';

/**
 * `this.version(changeId, maxSupported, minSupported)` found a version outside the range the code supports:
 * the history recorded `recorded` for `changeId` and the code now handles only `minSupported`..`maxSupported`.
 * It blocks the workflow (like non-determinism) until code that supports the recorded version runs it.
 */
export class VersionNotSupportedError extends CadenzaError {
  readonly code = 'VERSION_NOT_SUPPORTED';
  readonly retriable = false; // the same code hits the same recorded version again
  constructor(readonly workflowId: string, readonly changeId: string, readonly recorded: number, readonly minSupported: number, readonly maxSupported: number) {
    super(`workflow ${workflowId}: change ${JSON.stringify(changeId)} is recorded at version ${recorded}, the code supports ${minSupported}..${maxSupported}`);
  }
}
