/** Every code a {@link CadenzaError} can carry; match on these, not on `instanceof`. */
export type ErrorCode =
  | 'CONCURRENCY'
  | 'STREAM_DELETED'
  | 'CONFIG'
  | 'INVALID_ARGUMENTS'
  | 'INVALID_NAME'
  | 'NOT_REGISTERED'
  | 'WORKFLOW_UNKNOWN'
  | 'WORKFLOW_FAILED'
  | 'WORKFLOW_NOT_FAILED'
  | 'WORKFLOW_ID_IN_USE'
  | 'WORKFLOW_CANCELED'
  | 'TASK_FAILED'
  | 'TASK_TERMINAL'
  | 'NON_DETERMINISM'
  | 'MALFORMED_MESSAGE'
  | 'DEAD_LETTERED'
  | 'CORRUPT_HISTORY'
  | 'PAYLOAD_TOO_LARGE'
  | 'TRANSPORT'
  | 'TIMEOUT'
  | 'CLOSED'
  | 'NON_ERROR_THROWN'
  | 'UNSERIALIZABLE'
  | 'UNSIGNED_MESSAGE'
  | 'BAD_SIGNATURE'
  | 'TASK_TIMED_OUT'
  | 'WORKFLOW_TIMED_OUT'
  | 'TASK_ATTEMPT_TIMED_OUT'
  | 'DELEGATED_TASK_UNKNOWN'
  | 'DELEGATED_TASK_COMPLETED'
  | 'METHOD_FAILED'
  | 'METHOD_ABANDONED'
  | 'UNKNOWN_QUERY'
  | 'QUERY_NOT_READ_ONLY'
  | 'CHANNEL_FULL'
  | 'UPDATE_REFUSED'
  | 'UPDATE_ABANDONED'
  | 'VERSION_NOT_SUPPORTED'
  | 'WORKFLOW_VERSION_UNKNOWN'
  | 'INVALID_TAG'
  | 'TAGS_UNSUPPORTED'
  | 'TASK_NOT_FAILED'
  | 'TIMER_UNKNOWN'
  | 'BATCH_RESULTS_MISMATCH'
  | 'INVALID_SCHEDULE'
  | 'CONTINUE_AS_NEW_NOT_ALLOWED';

/**
 * The base of every error Cadenza throws. `code` is fixed per class and safe to match on even when an
 * app holds two copies of `@cadenza/core`; `retriable` says whether the same call could succeed later.
 */
export abstract class CadenzaError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly retriable: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True when `error` is a Cadenza error with the given code (works across copies of the package). */
export const hasErrorCode = (error: unknown, code: ErrorCode): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
