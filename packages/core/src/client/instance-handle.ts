import type { WorkflowStub } from './create-client';
import type { AnyUpdateHandler } from '../workflow/channel-updates';
import type { OperationsHandle } from './operations-handle';
import type { WorkflowHandle } from './workflow-handle';

/** What a query of member `M` takes: a method's arguments, nothing for a property. */
export type QueryArgs<M> = M extends (...args: infer A) => unknown ? A : [];
/** What a query of member `M` answers: a method's (awaited) result, a property's value. */
export type QueryResult<M> = M extends (...args: never[]) => infer R ? Awaited<R> : M;

/** Queries of a running instance (see `WorkflowClass.queries`). */
export interface QueryHandle<W> {
  /**
   * Asks the query `name` (a method or property the class lists in `static queries`) of the instance and
   * resolves with its answer, read from the live instance (or from a replay of its history when no engine
   * holds it), with no history event. Rejects with `UnknownQueryError` for a name the class does not list,
   * with what the query threw, with `QueryNotReadOnlyError` for a query that took a step, and with
   * `WorkflowUnknownError` for an instance that does not exist or has ended.
   */
  query<K extends keyof W & string>(name: K, ...args: QueryArgs<W[K]>): Promise<QueryResult<W[K]>>;
}

/**
 * A running instance, as `client.getById(Workflow, id)` gives it: the handle (`result()` of the main method,
 * `retry`, `cancel`, `send`, `history`), `query`, the operations `retryTasks`, `completeTimers` and `state`
 * (see {@link OperationsHandle}), and each workflow method as a call that runs that method on
 * this instance, beside its main method and on the same object (so they share its properties), and resolves
 * with that method's result. A method call rejects with `MethodFailedError` (its cause is what the method
 * threw), `MethodAbandonedError` (the main method ended first, or the instance has failed), `NotRegisteredError`
 * or `InvalidArgumentsError`, and `WorkflowUnknownError` for an instance that does not exist or has ended.
 * `client.start(handle.method, ...args)` starts one without waiting. A workflow method that has the name of a
 * handle member (`result`, `retry`, `cancel`, `send`, `history`, `query`, `retryTasks`, `completeTimers`, `state`,
 * `workflowName`, `workflowId`) is not
 * on the handle.
 */
export type WorkflowInstanceHandle<W, C = Record<string, unknown>, U = Record<string, AnyUpdateHandler>> = WorkflowHandle<unknown, C, U> & QueryHandle<W> & OperationsHandle
  & Omit<WorkflowStub<W>, keyof WorkflowHandle | 'query' | keyof OperationsHandle>;

/** The handle with a call for each method whose name it does not already use. */
export const withMethodStubs = <W, C, U>(handle: WorkflowHandle<unknown, C, U> & QueryHandle<W> & OperationsHandle, methods: Iterable<string>, stubOf: (method: string) => unknown): WorkflowInstanceHandle<W, C, U> => {
  const merged: Record<string, unknown> = { ...handle };
  for (const method of methods) if (!(method in merged)) merged[method] = stubOf(method);
  return merged as unknown as WorkflowInstanceHandle<W, C, U>;
};
