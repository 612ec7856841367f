import type { Meta } from '../model/json';

/** What a service method knows of the task it runs. */
export interface TaskContext {
  /**
   * Stable across retries of the same step: use it as an idempotency key. For a delegated method, the
   * delegated task id to complete it with (`client.completeDelegatedTask`), which also changes with `retry`.
   */
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
  /**
   * When this attempt's time is up, in epoch ms: the sooner of its own `timeoutMs` (`registerService`) and its
   * task's end-to-end deadline (`newService(S, { timeoutMs })` in the workflow); `Infinity` when neither is set.
   * Past it the attempt fails with `TaskAttemptTimedOutError` and whatever it returns later is ignored.
   */
  readonly deadline: number;
  /** Aborted at {@link deadline}, with the `TaskAttemptTimedOutError` as its reason: hand it to `fetch`, drivers, timers. */
  readonly signal: AbortSignal;
}

let current: TaskContext | undefined;

/**
 * The context of the task being run. Call it in the synchronous part of a service method, before its
 * first `await` (`const { taskId } = taskContext();`): it is kept in a plain slot for that part only,
 * because carrying it across awaits (AsyncLocalStorage) costs a quarter of a worker's CPU on Node 20.
 * Called anywhere else it throws, so it can never hand out another task's context.
 */
export const taskContext = (): TaskContext => {
  if (!current) {
    throw new Error('taskContext() is only available in the synchronous part of a service method run by a Cadenza worker: call it before the first await');
  }
  return current;
};

/** @internal Runs `fn` with `context` as the current task context for its synchronous part. */
export const runWithTaskContext = <T>(context: TaskContext, fn: () => T): T => {
  const previous = current;
  current = context;
  try {
    return fn();
  } finally {
    current = previous;
  }
};

/**
 * A service implementation registered with `context: 'argument'`: each method takes its task's context
 * first, then the arguments of the interface's method.
 */
export type ServiceImplementationWithContext<S> = {
  [K in keyof S]: S[K] extends (...args: infer A) => infer R ? (context: TaskContext, ...args: A) => R | Promise<Awaited<R>> : never;
};
