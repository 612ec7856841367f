import type { CadenzaError, ErrorCode } from './cadenza-error';
import { BadSignatureError } from './bad-signature-error';
import { ChannelFullError } from './channel-full-error';
import { UpdateRefusedError } from './update-refused-error';
import { ConcurrencyError } from './concurrency-error';
import { ConfigError } from './config-error';
import { DelegatedTaskCompletedError } from './delegated-task-completed-error';
import { DelegatedTaskUnknownError } from './delegated-task-unknown-error';
import { CorruptHistoryError } from './corrupt-history-error';
import { DeadLetteredError } from './dead-lettered-error';
import { InvalidArgumentsError } from './invalid-arguments-error';
import { InvalidNameError } from './invalid-name-error';
import { InvalidTagError } from './invalid-tag-error';
import { TagsUnsupportedError } from './tags-unsupported-error';
import { MalformedMessageError } from './malformed-message-error';
import { NonDeterminismError } from './non-determinism-error';
import { NotRegisteredError } from './not-registered-error';
import { PayloadTooLargeError } from './payload-too-large-error';
import { StreamDeletedError } from './stream-deleted-error';
import { TaskAttemptTimedOutError } from './task-attempt-timed-out-error';
import { TaskFailedError } from './task-failed-error';
import { TaskTimedOutError } from './task-timed-out-error';
import { TerminalTaskError } from './terminal-task-error';
import { UnserializableValueError } from './unserializable-value-error';
import { UnsignedMessageError } from './unsigned-message-error';
import { ClosedError, TimeoutError, TransportError } from './transport-error';
import { WorkflowCanceledError, WorkflowFailedError } from './workflow-failed-error';
import { WorkflowIdInUseError } from './workflow-id-in-use-error';
import { WorkflowTimedOutError } from './workflow-timed-out-error';
import { WorkflowNotFailedError } from './workflow-not-failed-error';
import { WorkflowUnknownError } from './workflow-unknown-error';
import { MethodAbandonedError } from './method-abandoned-error';
import { MethodFailedError } from './method-failed-error';
import { QueryNotReadOnlyError } from './query-not-read-only-error';
import { UnknownQueryError } from './unknown-query-error';
import { UpdateAbandonedError } from './update-abandoned-error';
import { VersionNotSupportedError } from './version-not-supported-error';
import { WorkflowVersionUnknownError } from './workflow-version-unknown-error';
import { TaskNotFailedError } from './task-not-failed-error';
import { TimerUnknownError } from './timer-unknown-error';
import { BatchResultsMismatchError } from './batch-results-mismatch-error';
import { InvalidScheduleError } from './invalid-schedule-error';
import { ContinueAsNewNotAllowedError } from './continue-as-new-not-allowed-error';

/** The facts of an error as they arrived, read by type: a missing or mistyped one reads as undefined. */
export interface Facts {
  str(field: string): string | undefined;
  num(field: string): number | undefined;
  list(field: string): string[] | undefined;
}

/**
 * Rebuilds one class from its facts, or answers undefined when a fact it cannot do without is missing.
 * `message` and `retriable` are those of the data; `cause` is the rebuilt cause, or a stand-in with the
 * message when the data carries none.
 */
export type Rebuild = (facts: Facts, from: { message: string; retriable: boolean | undefined; cause: Error }) => CadenzaError | undefined;

const revision = (facts: Facts, field: string): number | 'no-stream' | undefined => {
  const value = facts.num(field) ?? facts.str(field);
  return typeof value === 'number' || value === 'no-stream' ? value : undefined;
};

const all = <T extends unknown[]>(...values: { [K in keyof T]: T[K] | undefined }): T | undefined =>
  values.every((value) => value !== undefined) ? (values as T) : undefined;

/**
 * One entry per code: every {@link CadenzaError} subclass comes back from the wire as itself, so a client
 * can match on its class and read its facts, not only on a `RemoteError`'s code. `NON_ERROR_THROWN` has no
 * class (something that was not an Error was thrown): it stays a `RemoteError` with that code.
 */
export const ERROR_REGISTRY: Readonly<Record<Exclude<ErrorCode, 'NON_ERROR_THROWN'>, Rebuild>> = {
  CONCURRENCY: (f) => {
    const actual = revision(f, 'actual') ?? (f.str('actual') === 'deleted' ? 'deleted' : undefined);
    const args = all<[string, number | 'no-stream', number | 'no-stream' | 'deleted']>(f.str('stream'), revision(f, 'expected'), actual);
    return args && new ConcurrencyError(...args);
  },
  STREAM_DELETED: (f) => {
    const stream = f.str('stream');
    return stream === undefined ? undefined : new StreamDeletedError(stream);
  },
  CONFIG: (f) => {
    const path = f.str('path');
    const hint = f.str('hint');
    return path === undefined ? undefined : new ConfigError(path, f.str('expected') ?? 'a valid value', undefined, ...(hint !== undefined ? [hint] : []));
  },
  INVALID_ARGUMENTS: (f) => {
    const args = all<[string, string[]]>(f.str('target'), f.list('report'));
    return args && new InvalidArgumentsError(...args);
  },
  INVALID_NAME: (f) => {
    const args = all<[string, string]>(f.str('field'), f.str('expected'));
    return args && new InvalidNameError(...args, undefined);
  },
  INVALID_TAG: (f) => {
    const args = all<[string, string]>(f.str('field'), f.str('reason'));
    return args && new InvalidTagError(...args, undefined);
  },
  TAGS_UNSUPPORTED: (f) => {
    const store = f.str('store');
    return store === undefined ? undefined : new TagsUnsupportedError(store);
  },
  NOT_REGISTERED: (f) => {
    const kind = f.str('kind');
    const missing = f.str('missing');
    if (missing === undefined || (kind !== 'workflow' && kind !== 'service' && kind !== 'method' && kind !== 'update')) return undefined;
    return new NotRegisteredError(kind, missing, f.list('known') ?? []);
  },
  WORKFLOW_UNKNOWN: (f) => {
    const args = all<[string, string]>(f.str('workflowName'), f.str('workflowId'));
    return args && new WorkflowUnknownError(...args, f.str('reason'));
  },
  WORKFLOW_FAILED: (f, { cause }) => {
    const args = all<[string, string]>(f.str('workflowName'), f.str('workflowId'));
    return args && new WorkflowFailedError(...args, cause);
  },
  WORKFLOW_CANCELED: (f) => {
    const args = all<[string, string]>(f.str('workflowName'), f.str('workflowId'));
    return args && new WorkflowCanceledError(...args, f.str('reason') ?? 'canceled');
  },
  TASK_FAILED: (f, { cause }) => {
    const args = all<[string, string, number, string]>(f.str('service'), f.str('method'), f.num('attempt'), f.str('taskId'));
    return args && new TaskFailedError(...args, cause, f.num('seq'));
  },
  TASK_TERMINAL: (_, { message }) => new TerminalTaskError(message),
  NON_DETERMINISM: (f) => {
    const args = all<[string, number, string, string]>(f.str('workflowId'), f.num('seq'), f.str('recorded'), f.str('produced'));
    return args && new NonDeterminismError(...args);
  },
  MALFORMED_MESSAGE: (f) => {
    const args = all<[string, string]>(f.str('topic'), f.str('reason'));
    return args && new MalformedMessageError(...args);
  },
  CORRUPT_HISTORY: (f) => {
    const args = all<[string, number, string]>(f.str('stream'), f.num('revision'), f.str('reason'));
    return args && new CorruptHistoryError(...args);
  },
  PAYLOAD_TOO_LARGE: (f) => {
    const args = all<[string, number, number]>(f.str('what'), f.num('bytes'), f.num('limit'));
    return args && new PayloadTooLargeError(...args);
  },
  BATCH_RESULTS_MISMATCH: (f) => {
    const args = all<[string, number, string]>(f.str('target'), f.num('expected'), f.str('actual'));
    return args && new BatchResultsMismatchError(...args);
  },
  TRANSPORT: (_, { message, retriable }) => new TransportError(message, retriable ?? false),
  TIMEOUT: (f) => {
    const args = all<[string, number]>(f.str('what'), f.num('timeoutMs'));
    return args && new TimeoutError(...args);
  },
  CLOSED: (f) => {
    const what = f.str('what');
    return what === undefined ? undefined : new ClosedError(what);
  },
  DEAD_LETTERED: (f) => {
    const args = all<[string, string, number]>(f.str('originalTopic'), f.str('reason'), f.num('deliveries'));
    return args && new DeadLetteredError(...args);
  },
  WORKFLOW_NOT_FAILED: (f) => {
    const args = all<[string, string, string]>(f.str('workflowName'), f.str('workflowId'), f.str('reason'));
    return args && new WorkflowNotFailedError(...args);
  },
  WORKFLOW_ID_IN_USE: (f) => {
    const args = all<[string, string, string]>(f.str('workflowName'), f.str('workflowId'), f.str('reason'));
    return args && new WorkflowIdInUseError(...args);
  },
  UNSERIALIZABLE: (f, { cause }) => {
    const args = all<[string, string]>(f.str('what'), f.str('reason'));
    return args && new UnserializableValueError(...args, { cause });
  },
  UNSIGNED_MESSAGE: (f) => {
    const args = all<[string, string]>(f.str('topic'), f.str('messageId'));
    return args && new UnsignedMessageError(...args);
  },
  BAD_SIGNATURE: (f) => {
    const args = all<[string, string, string, string]>(f.str('topic'), f.str('messageId'), f.str('keyId'), f.str('reason'));
    return args && new BadSignatureError(...args);
  },
  TASK_TIMED_OUT: (f) => {
    const args = all<[string, string, string, number]>(f.str('service'), f.str('method'), f.str('taskId'), f.num('timeoutMs'));
    return args && new TaskTimedOutError(...args, f.num('seq'));
  },
  WORKFLOW_TIMED_OUT: (f) => {
    const args = all<[string, string, number]>(f.str('workflowName'), f.str('workflowId'), f.num('timeoutMs'));
    return args && new WorkflowTimedOutError(...args, f.num('seq'));
  },
  TASK_ATTEMPT_TIMED_OUT: (f) => {
    const args = all<[string, string, string, number, number]>(f.str('service'), f.str('method'), f.str('taskId'), f.num('attempt'), f.num('timeoutMs'));
    return args && new TaskAttemptTimedOutError(...args);
  },
  DELEGATED_TASK_UNKNOWN: (f) => {
    const args = all<[string, string, string]>(f.str('service'), f.str('taskId'), f.str('reason'));
    return args && new DelegatedTaskUnknownError(...args);
  },
  DELEGATED_TASK_COMPLETED: (f) => {
    const args = all<[string, string]>(f.str('service'), f.str('taskId'));
    return args && new DelegatedTaskCompletedError(...args);
  },
  METHOD_FAILED: (f, { cause }) => {
    const args = all<[string, string, string, number]>(f.str('workflowName'), f.str('workflowId'), f.str('method'), f.num('methodRun'));
    return args && new MethodFailedError(...args, cause);
  },
  METHOD_ABANDONED: (f) => {
    const args = all<[string, string, string, string]>(f.str('workflowName'), f.str('workflowId'), f.str('method'), f.str('reason'));
    return args && new MethodAbandonedError(...args);
  },
  UNKNOWN_QUERY: (f) => {
    const args = all<[string, string]>(f.str('workflowName'), f.str('query'));
    return args && new UnknownQueryError(...args, f.list('known') ?? []);
  },
  QUERY_NOT_READ_ONLY: (f) => {
    const args = all<[string, string, string]>(f.str('workflowName'), f.str('query'), f.str('step'));
    return args && new QueryNotReadOnlyError(...args);
  },
  CHANNEL_FULL: (f) => {
    const args = all<[string, string, string, number]>(f.str('workflowName'), f.str('workflowId'), f.str('channel'), f.num('limit'));
    return args && new ChannelFullError(...args);
  },
  UPDATE_REFUSED: (f) => {
    const args = all<[string, string, string, string]>(f.str('workflowName'), f.str('workflowId'), f.str('update'), f.str('reason'));
    return args && new UpdateRefusedError(...args);
  },
  UPDATE_ABANDONED: (f) => {
    const args = all<[string, string, string, string]>(f.str('workflowName'), f.str('workflowId'), f.str('update'), f.str('reason'));
    return args && new UpdateAbandonedError(...args);
  },
  VERSION_NOT_SUPPORTED: (f) => {
    const args = all<[string, string, number, number, number]>(f.str('workflowId'), f.str('changeId'), f.num('recorded'), f.num('minSupported'), f.num('maxSupported'));
    return args && new VersionNotSupportedError(...args);
  },
  WORKFLOW_VERSION_UNKNOWN: (f) => {
    const args = all<[string, string, number]>(f.str('workflowName'), f.str('workflowId'), f.num('version'));
    return args && new WorkflowVersionUnknownError(...args, f.list('known') ?? []);
  },
  TASK_NOT_FAILED: (f) => {
    const args = all<[string, string, string, string]>(f.str('workflowName'), f.str('workflowId'), f.str('taskId'), f.str('reason'));
    return args && new TaskNotFailedError(...args);
  },
  TIMER_UNKNOWN: (f) => {
    const args = all<[string, string, string]>(f.str('workflowName'), f.str('workflowId'), f.str('timerId'));
    return args && new TimerUnknownError(...args);
  },
  INVALID_SCHEDULE: (f) => {
    const args = all<[string, string, string]>(f.str('field'), f.str('reason'), f.str('value'));
    return args && new InvalidScheduleError(...args);
  },
  CONTINUE_AS_NEW_NOT_ALLOWED: (f) => {
    const args = all<[string, string]>(f.str('workflowName'), f.str('workflowId'));
    return args && new ContinueAsNewNotAllowedError(...args);
  },
};
