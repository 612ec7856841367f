import { QueryNotReadOnlyError } from '../errors/query-not-read-only-error';
import { UnknownQueryError } from '../errors/unknown-query-error';
import type { Envelope } from '../model/envelope';
import { toErrorData } from '../model/error-data';
import type { MessageOf, WorkflowOutcome } from '../model/messages';
import { jsonCopy } from '../support/json-copy';
import { queriesOf, type WorkflowClass } from '../workflow/workflow';
import { type Outgoing, replyTo } from './outgoing-messages';
import { serializable } from './serializable';
import { settle } from './settle';
import type { WorkflowInstance } from './workflow-instance';

type Settled = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * Reads a query on the instance's workflow object: a method listed in `static queries` is called with the
 * arguments, a property (or getter) is read. A promise it returns must resolve once the microtasks queued so
 * far have run: a query that waits on a step would wait for a message the engine cannot handle meanwhile.
 */
const read = async (instance: WorkflowInstance, workflow: object, query: string, args: readonly unknown[]): Promise<unknown> => {
  const member = (workflow as Record<string, unknown>)[query];
  const value = typeof member === 'function' ? (member as (...a: unknown[]) => unknown).apply(workflow, jsonCopy(args) as unknown[]) : member;
  if (typeof (value as PromiseLike<unknown> | undefined)?.then !== 'function') return value;
  let settled: Settled | undefined;
  (value as PromiseLike<unknown>).then((v) => (settled = { ok: true, value: v }), (error: unknown) => (settled = { ok: false, error }));
  await settle();
  if (!settled) throw new QueryNotReadOnlyError(instance.workflowName, query, 'an await on something that is not ready (a step)');
  if (!settled.ok) throw settled.error;
  return settled.value;
};

/**
 * The answer to a query, from the live instance and with no history event (so nothing it does is recorded:
 * a query must not change the instance). `completed` with the value; `refused` with `UnknownQueryError` for a
 * name the class does not list in `static queries`, with `QueryNotReadOnlyError` for a query that asked for a
 * step or `random()`, with what the query threw, or with the `NonDeterminismError` of a blocked instance
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
