import { AsyncLocalStorage } from 'node:async_hooks';
import type { Meta } from '../model/json';

/** What a service method knows of the task it runs. */
export interface TaskContext {
  /** Stable across retries of the same step: use it as an idempotency key. */
  readonly taskId: string;
  /** 1 on the first attempt. */
  readonly attempt: number;
  readonly service: string;
  readonly method: string;
  readonly workflowName: string;
  readonly workflowId: string;
  readonly tags: readonly string[];
  readonly meta: Readonly<Meta>;
  /** The error of the previous attempt, when this is a retry. */
  readonly lastError?: { readonly name: string; readonly message: string };
}

const storage = new AsyncLocalStorage<TaskContext>();

/** The context of the task running now; throws when called outside a service method. */
export const taskContext = (): TaskContext => {
  const context = storage.getStore();
  if (!context) throw new Error('taskContext() is only available inside a service method run by a Cadenza worker');
  return context;
};

/** @internal Runs `fn` with `context` as the current task context. */
export const runWithTaskContext = <T>(context: TaskContext, fn: () => T): T => storage.run(context, fn);
