import type { ErrorCode } from './cadenza-error';

/**
 * The fields of each Cadenza error class that travel in `ErrorData.data`, so the receiver can rebuild the
 * class with its facts (see `fromErrorData`). Only strings, numbers, booleans and lists of strings travel.
 * `ConfigError.actual` is left out on purpose: a bad config value may be a secret; the message renders it
 * only as the config module chose to.
 */
export const ERROR_FACTS: Readonly<Record<ErrorCode, readonly string[]>> = {
  CONCURRENCY: ['stream', 'expected', 'actual'],
  STREAM_DELETED: ['stream'],
  CONFIG: ['path', 'expected', 'hint'],
  INVALID_ARGUMENTS: ['target', 'report'],
  INVALID_NAME: ['field', 'expected'],
  NOT_REGISTERED: ['kind', 'missing', 'known'],
  WORKFLOW_UNKNOWN: ['workflowName', 'workflowId', 'reason'],
  WORKFLOW_FAILED: ['workflowName', 'workflowId'],
  WORKFLOW_CANCELED: ['workflowName', 'workflowId', 'reason'],
  TASK_FAILED: ['service', 'method', 'attempt', 'taskId', 'seq'],
  TASK_TERMINAL: [],
  NON_DETERMINISM: ['workflowId', 'seq', 'recorded', 'produced'],
  MALFORMED_MESSAGE: ['topic', 'reason'],
  CORRUPT_HISTORY: ['stream', 'revision', 'reason'],
  PAYLOAD_TOO_LARGE: ['what', 'bytes', 'limit'],
  TRANSPORT: [],
  TIMEOUT: ['what', 'timeoutMs'],
  CLOSED: ['what'],
  DEAD_LETTERED: ['originalTopic', 'reason', 'deliveries'],
  WORKFLOW_NOT_FAILED: ['workflowName', 'workflowId', 'reason'],
  WORKFLOW_ID_IN_USE: ['workflowName', 'workflowId', 'reason'],
  CHANNEL_FULL: ['workflowName', 'workflowId', 'channel', 'limit'],
  UPDATE_REFUSED: ['workflowName', 'workflowId', 'update', 'reason'],
  UNSERIALIZABLE: ['what', 'reason'],
  UNSIGNED_MESSAGE: ['topic', 'messageId'],
  BAD_SIGNATURE: ['topic', 'messageId', 'keyId', 'reason'],
  NON_ERROR_THROWN: [],
  TASK_TIMED_OUT: ['service', 'method', 'taskId', 'timeoutMs', 'seq'],
  WORKFLOW_TIMED_OUT: ['workflowName', 'workflowId', 'timeoutMs', 'seq'],
  TASK_ATTEMPT_TIMED_OUT: ['service', 'method', 'taskId', 'attempt', 'timeoutMs'],
  DELEGATED_TASK_UNKNOWN: ['service', 'taskId', 'reason'],
  DELEGATED_TASK_COMPLETED: ['service', 'taskId'],
  METHOD_FAILED: ['workflowName', 'workflowId', 'method', 'methodRun'],
  METHOD_ABANDONED: ['workflowName', 'workflowId', 'method', 'reason'],
  UNKNOWN_QUERY: ['workflowName', 'query', 'known'],
  QUERY_NOT_READ_ONLY: ['workflowName', 'query', 'step'],
  UPDATE_ABANDONED: ['workflowName', 'workflowId', 'update', 'reason'],
  INVALID_SCHEDULE: ['field', 'reason', 'value'],
  CONTINUE_AS_NEW_NOT_ALLOWED: ['workflowName', 'workflowId'],
};
