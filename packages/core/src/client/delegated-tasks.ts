import { isLeft } from 'fp-ts/lib/Either';
import { DelegatedTaskUnknownError } from '../errors/delegated-task-unknown-error';
import { hasErrorCode } from '../errors/cadenza-error';
import { InvalidArgumentsError } from '../errors/invalid-arguments-error';
import { UnserializableValueError } from '../errors/unserializable-value-error';
import { type ErrorData, toErrorData } from '../model/error-data';
import type { MessageOf } from '../model/messages';
import { checkEntityName } from '../model/names';
import { formatValidationErrors } from '../model/validation-report';
import { parseDelegatedTaskId } from '../service/delegated-task-id';
import { toJson } from '../support/to-json';
import type { MethodCodecs, ServiceDefinition } from '../workflow/service-definition';

/** What completes a delegated task: its result, or the error it failed with. */
export type DelegatedOutcome = { readonly status: 'completed'; readonly result: unknown } | { readonly status: 'failed'; readonly error: Error | string };

type CompleteDelegatedTask = MessageOf<'CompleteDelegatedTask'>;

/**
 * The message that carries a delegated task's outcome to its workflow, checked before anything is sent: the
 * id must be a delegated task id ({@link DelegatedTaskUnknownError} otherwise); with a service definition, it
 * must name one of its delegated methods, and a result must match that method's `result` codec
 * ({@link InvalidArgumentsError}); a result JSON cannot carry is an {@link UnserializableValueError}.
 */
export const delegatedTaskMessage = (
  service: ServiceDefinition<unknown> | string, taskId: string, outcome: DelegatedOutcome, replyTo: string,
): CompleteDelegatedTask => {
  const serviceName = typeof service === 'string' ? checkEntityName(service, 'service') : service.serviceName;
  const ref = parseDelegatedTaskId(taskId);
  if (!ref) {
    throw new DelegatedTaskUnknownError(serviceName, String(taskId), 'is not a delegated task id (`<workflowId>:<seq>/<Workflow>.<method>/r<retry>`, the taskId a delegated method gets in its task context)');
  }
  const what = `${serviceName}.${ref.method}`;
  if (typeof service !== 'string') {
    const codecs = (service.methods as Record<string, MethodCodecs | undefined>)[ref.method];
    if (codecs?.delegated !== true) throw new DelegatedTaskUnknownError(serviceName, taskId, `names ${what}, which is not a delegated method (set \`delegated: true\` in defineService)`);
    if (outcome.status === 'completed' && codecs.result) {
      const decoded = codecs.result.decode(outcome.result);
      if (isLeft(decoded)) throw new InvalidArgumentsError(`the result of ${what}`, formatValidationErrors(decoded.left, 'result'));
    }
  }
  let carried: CompleteDelegatedTask['outcome'];
  if (outcome.status === 'completed') {
    try {
      carried = { status: 'completed', result: toJson(outcome.result) };
    } catch (error) {
      throw new UnserializableValueError(`the result of ${what} (${taskId})`, (error as Error).message, { cause: error });
    }
  } else {
    carried = { status: 'failed', error: errorData(outcome.error) };
  }
  const { workflowName, workflowId, seq, retry, method } = ref;
  return { kind: 'CompleteDelegatedTask', workflowName, workflowId, seq, retry, service: serviceName, method, taskId, outcome: carried, replyTo };
};

const errorData = (error: Error | string): ErrorData => toErrorData(typeof error === 'string' ? new Error(error) : error);

/** What the caller of a completion sees of a failed answer: a workflow that does not exist or ended names no task. */
export const delegatedTaskError = (message: CompleteDelegatedTask, error: unknown): unknown => {
  if (!hasErrorCode(error, 'WORKFLOW_UNKNOWN')) return error;
  const reason = (error as { reason?: string }).reason ?? 'does not exist';
  return new DelegatedTaskUnknownError(message.service, message.taskId, `belongs to workflow ${message.workflowName} ${message.workflowId}, which ${reason}`);
};
