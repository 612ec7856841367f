import { QueryNotReadOnlyError } from '../errors/query-not-read-only-error';
import { UnknownQueryError } from '../errors/unknown-query-error';
import type { Envelope } from '../model/envelope';
import { toErrorData } from '../model/error-data';
import type { MessageOf, WorkflowOutcome } from '../model/messages';
import { jsonCopy } from '../support/json-copy';
import { queriesOf, type WorkflowClass } from '../workflow/workflow';
import { type Outgoing, replyTo } from './outgoing-messages';
import { serializable } from './serializable';
import type { WorkflowInstance } from './workflow-instance';

/** Whether `fn` was written `async`: its body after an `await` would run later, outside the query. */
const isAsyncFunction = (fn: unknown): boolean => Object.prototype.toString.call(fn) === '[object AsyncFunction]';

/**
 * Reads a query on the instance's workflow object: a method listed in `static queries` is called with the
 * arguments, a property (or getter) is read. Queries are synchronous: an `async` method is refused before it
 * is called, and a promise (any thenable) it returns or a property holds is refused without being awaited.
 * A continuation after an `await` would run later, when the query is over, unguarded: it could take steps
 * recorded only in this cache, or change properties, and a replay would not do it again.
 */
const read = (instance: WorkflowInstance, workflow: object, query: string, args: readonly unknown[]): unknown => {
  const member = (workflow as Record<string, unknown>)[query];
  if (isAsyncFunction(member)) throw new QueryNotReadOnlyError(instance.workflowName, query, 'await (it is an async function: queries are synchronous)');
  const value = typeof member === 'function' ? (member as (...a: unknown[]) => unknown).apply(workflow, jsonCopy(args) as unknown[]) : member;
  if (typeof (value as PromiseLike<unknown> | undefined)?.then !== 'function') return value;
  // Not awaited: a rejection it may have later must not be reported as unhandled.
  if (value instanceof Promise) value.catch(() => undefined);
  throw new QueryNotReadOnlyError(instance.workflowName, query, 'for a promise (it returned a thenable: queries are synchronous)');
};

/**
 * The answer to a query, from the live instance and with no history event (so nothing it does is recorded:
 * a query must not change the instance). `completed` with the value; `refused` with `UnknownQueryError` for a
 * name the class does not list in `static queries`, with `QueryNotReadOnlyError` for a query that asked for a
 * step, `random()` or `uuid()`, or is async or returned a promise, with what the query threw, or with the `NonDeterminismError` of a blocked instance
 * (its code does not run); `unknown` for an instance that has completed or was canceled.
 * The engine proves a cached instance fresh before it asks (see `WorkflowEngine`): the answer is never stale.
 */
export const answerQuery = async (workflowClass: WorkflowClass, instance: WorkflowInstance, envelope: Envelope, message: MessageOf<'QueryWorkflow'>, at: number): Promise<Outgoing[]> => {
  const ref = { workflowName: instance.workflowName, workflowId: instance.workflowId };
  const answer = (outcome: WorkflowOutcome): Outgoing[] => [replyTo(ref, message.replyTo, envelope.id, outcome, at)];
  const refuse = (error: unknown): Outgoing[] => answer({ status: 'refused', error: toErrorData(error) });
  const queries = queriesOf(workflowClass);
  if (!queries.includes(message.query)) return refuse(new UnknownQueryError(instance.workflowName, message.query, [...queries]));
  if (instance.status === 'completed' || instance.status === 'canceled') return answer({ status: 'unknown', reason: 'has already ended' });
  const { workflow } = instance;
  if (!workflow) return refuse(instance.broken ?? new Error(`workflow ${ref.workflowName} ${ref.workflowId} could not be constructed`));
  try {
    const value = await instance.whileQuerying(message.query, () => read(instance, workflow, message.query, message.args));
    return answer({ status: 'completed', result: serializable(value, `the answer to query ${ref.workflowName}.${message.query}`) });
  } catch (error) {
    return refuse(error);
  }
};
