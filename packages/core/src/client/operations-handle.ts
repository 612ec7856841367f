import { isLeft } from 'fp-ts/lib/Either';
import * as t from 'io-ts';
import { InvalidArgumentsError } from '../errors/invalid-arguments-error';
import { MalformedMessageError } from '../errors/malformed-message-error';
import type { Message } from '../model/messages';
import { FailedTaskStatus } from '../model/operation-messages';
import { formatValidationErrors } from '../model/validation-report';
import { WorkflowStateView } from '../model/workflow-state-view';
import { STATE_QUERY } from '../engine/workflow-state-view';

/**
 * Which failed tasks `retryTasks` runs again: the one task `taskId` (as `state()` lists it, and as its task
 * context carries it), or every failed task matching all of `status`, `service` and `method` given (`{}`: every
 * failed task). `status`: `timed-out` selects the tasks their end-to-end timeout failed, `failed` the others.
 */
export type RetryTasksSelector =
  | { readonly taskId: string }
  | { readonly status?: FailedTaskStatus; readonly service?: string; readonly method?: string };

/** Which pending timers `completeTimers` completes: the one timer `timerId` (as `state()` lists it), else all. */
export interface CompleteTimersOptions {
  readonly timerId?: string;
}

/** Operations on failed and waiting work of one instance, and a view of how it stands (see docs/operations.md). */
export interface OperationsHandle {
  /**
   * Runs failed tasks of this running or failed instance again, without retrying the workflow, and resolves
   * with the ids of the tasks retried (empty when no failed task matches). A failed workflow resumes when the
   * task whose failure failed it is among them. Rejects with `TaskNotFailedError` (nothing recorded) when
   * `taskId` names a task that runs, completed, does not exist, or whose failure the workflow code already
   * handled; `InvalidArgumentsError` (before sending) for a malformed selector; `WorkflowUnknownError` for an
   * instance that does not exist or has ended.
   */
  retryTasks(selector?: RetryTasksSelector): Promise<string[]>;
  /**
   * Completes pending timers of this instance now, as if they were due, and resolves with their ids (empty when
   * none is pending: not an error). The workflow moves on at once; the timer's due delivery later is a duplicate
   * and changes nothing. Rejects with `TimerUnknownError` (nothing recorded) for an id the instance never started
   * a timer under; `WorkflowUnknownError` for an instance that does not exist or has ended.
   */
  completeTimers(options?: CompleteTimersOptions): Promise<string[]>;
  /**
   * How the instance stands, as JSON (see {@link WorkflowStateView}): status, method and arguments, pending
   * steps, its workflow object's fields, its failure or block. Read without running any step or recording
   * anything; of an ended workflow, its kept outcome. Rejects with `WorkflowUnknownError` for an id that does
   * not exist (or whose outcome was swept).
   */
  state(): Promise<WorkflowStateView>;
}

const Selector = t.partial({ taskId: t.string, status: FailedTaskStatus, service: t.string, method: t.string });
const TimersOptions = t.partial({ timerId: t.string });
const Ids = t.array(t.string);

/** Checks what a caller gave against `codec`: an unknown field or a wrong type is an `InvalidArgumentsError`. */
const checked = <A>(codec: t.Type<A, unknown>, value: unknown, target: string, known: readonly string[]): A => {
  const unknownKeys = typeof value === 'object' && value !== null ? Object.keys(value).filter((key) => !known.includes(key)) : [];
  if (unknownKeys.length > 0) throw new InvalidArgumentsError(target, unknownKeys.map((key) => `at ${key}: not a field (expected one of ${known.join(', ')})`));
  const decoded = codec.decode(value);
  if (isLeft(decoded)) throw new InvalidArgumentsError(target, formatValidationErrors(decoded.left, 'selector'));
  return decoded.right;
};

/** Only the fields that are set: an absent field and an `undefined` one travel alike (not at all). */
const definedOnly = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/** An answer as its codec reads it; an answer of another shape comes from an engine that does not speak this protocol. */
const answerOf = <A>(codec: t.Type<A, unknown>, answer: unknown, what: string): A => {
  const decoded = codec.decode(answer);
  if (isLeft(decoded)) throw new MalformedMessageError(what, formatValidationErrors(decoded.left, 'answer').join('; '));
  return decoded.right;
};

/** How the handle sends its requests: the client's `request`, answered on the client's reply topic. */
export type SendRequest = (message: Message) => Promise<unknown>;

/** The operations of instance `workflowId` of `workflowName`, sent with `send`. */
export const operationsFor = (workflowName: string, workflowId: string, replyTo: string, send: SendRequest): OperationsHandle => {
  const target = { workflowName, workflowId };
  return {
    retryTasks: async (selector = {}) => {
      const valid = definedOnly(checked(Selector, selector, `${workflowName}.retryTasks`, ['taskId', 'status', 'service', 'method']));
      if (valid.taskId !== undefined && Object.keys(valid).length > 1) {
        throw new InvalidArgumentsError(`${workflowName}.retryTasks`, ['at selector: taskId names one task; status, service and method select by filter: give one or the other']);
      }
      const answer = await send({ kind: 'RetryTasks', ...target, ...valid, replyTo });
      return answerOf(Ids, answer, `the answer to retryTasks of ${workflowName} ${workflowId}`);
    },
    completeTimers: async (options = {}) => {
      const valid = checked(TimersOptions, options, `${workflowName}.completeTimers`, ['timerId']);
      const answer = await send({ kind: 'CompleteTimers', ...target, ...definedOnly(valid), replyTo });
      return answerOf(Ids, answer, `the answer to completeTimers of ${workflowName} ${workflowId}`);
    },
    state: async () => {
      const answer = await send({ kind: 'QueryWorkflow', ...target, query: STATE_QUERY, args: [], replyTo });
      return answerOf(WorkflowStateView, answer, `the state of ${workflowName} ${workflowId}`);
    },
  };
};
