import { NotRegisteredError } from '../errors/not-registered-error';
import { Deferred } from '../workflow/deferred';
import type { WorkflowClass } from '../workflow/workflow';
import { constructWithContext, type WorkflowContext } from '../workflow/workflow-context';
import { jsonCopy } from '../support/json-copy';

/** How the code stands after the last settle: still waiting, returned, or threw. */
export type CodeOutcome = { readonly done: false } | { readonly done: true; readonly ok: true; readonly value: unknown } | { readonly done: true; readonly ok: false; readonly error: unknown };

// The tracker's observers, bound to the promise they watch: smaller than two closures and their scope.
function markFulfilled(this: TrackedPromise<unknown>): void {
  this.tracker!.settledSinceCheck++;
}
function markRejected(this: TrackedPromise<unknown>, error: unknown): void {
  this.rejection = { error };
  this.tracker!.noteRejected(this);
}

/** Set only while {@link RejectionTracker.adopt} derives its observer (synchronously, so no code runs between). */
let deriveNative = false;

/**
 * Watches the promises that workflow code derives from its steps (`step.then(callback)`), so that a callback
 * that throws, with nobody handling the result, fails the workflow instead of reaching Node as an
 * unhandled rejection (which exits the process, and would again at every replay).
 *
 * A pending promise costs the tracker nothing but a number: each one's observer tells the tracker when it
 * settles, and {@link unhandled} looks only at those that rejected since the last look. So a step's work does
 * not grow with the steps still waiting (a fan-out of 10,000 tasks keeps 10,000 promises pending).
 */
export class RejectionTracker {
  /** Promises adopted and not yet looked at since they settled (pending ones included). */
  private live = 0;
  /** Numbers the promises in the order the code derived them. */
  private nextOrder = 0;
  /** @internal How many watched promises settled since the last {@link unhandled}. */
  settledSinceCheck = 0;
  /** Promises that rejected since the last {@link unhandled}; made at the first rejection. */
  private rejected?: TrackedPromise<unknown>[];

  /** How many promises are still watched. */
  get watching(): number {
    return this.live;
  }

  /** @internal Watches `tracked`: Node sees it handled, the tracker records whether the code handles it. */
  adopt(tracked: TrackedPromise<unknown>): void {
    tracked.tracker = this;
    tracked.order = this.nextOrder++;
    this.live++;
    // What this derives is the tracker's own, never the code's: a native promise, with none of the resolving
    // functions a subclass's capability holds (memory for every step a suspended workflow waits on).
    deriveNative = true;
    try {
      void Promise.prototype.then.call(tracked, markFulfilled.bind(tracked), markRejected.bind(tracked));
    } finally {
      deriveNative = false;
    }
  }

  /** @internal */
  noteRejected(tracked: TrackedPromise<unknown>): void {
    (this.rejected ??= []).push(tracked);
    this.settledSinceCheck++;
  }

  /**
   * The first rejection nobody handled, if any, in the order the code derived the promises. Only the promises
   * that settled since the last call are looked at (then forgotten), so the work of a step does not grow with
   * the number of steps before it, nor with those still waiting.
   */
  unhandled(): { error: unknown } | undefined {
    let found: TrackedPromise<unknown> | undefined;
    for (const promise of this.rejected ?? []) {
      if (!promise.handled && (!found || promise.order < found.order)) found = promise;
    }
    this.rejected = undefined;
    this.live -= this.settledSinceCheck;
    this.settledSinceCheck = 0;
    return found?.rejection;
  }
}

/**
 * A promise whose `then` tells its tracker that the code handles it. A subclass, not a native promise:
 * `await` calls `then` on a subclass (it bypasses it on a native promise), so awaiting counts as handling.
 */
export class TrackedPromise<T> extends Promise<T> {
  /** What `then` derives: a tracked promise, for the code's own derivations; a native one while the tracker observes. */
  static override get [Symbol.species](): PromiseConstructor {
    return deriveNative ? Promise : TrackedPromise;
  }

  tracker?: RejectionTracker;
  /** @internal Where it comes in the order the code derived its tracker's promises. */
  order = 0;
  handled = false;
  rejection?: { error: unknown };

  override then<R1 = T, R2 = never>(onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null, onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2> {
    this.handled = true;
    const derived = super.then(onfulfilled, onrejected) as TrackedPromise<R1 | R2>;
    this.tracker?.adopt(derived as TrackedPromise<unknown>);
    return derived;
  }
}

/**
 * A step's Deferred whose derived promises the tracker watches: its own promise is a {@link TrackedPromise},
 * so what `then` derives is one too, adopted as it is made, with no wrapper promise per `await`.
 */
export class HostedDeferred<T> extends Deferred<T> {
  // The tracker is kept on the promise alone: one field less on every step.
  constructor(tracker: RejectionTracker) {
    super();
    (this.promise as TrackedPromise<T>).tracker = tracker;
  }

  protected override newPromise<U>(executor: (resolve: (value: U) => void, reject: (reason: unknown) => void) => void): Promise<U> {
    return new TrackedPromise<U>(executor);
  }

  protected override derive<U>(): Deferred<U> {
    return new HostedDeferred<U>((this.promise as TrackedPromise<T>).tracker!);
  }
}

/** @internal Told how the code ended: returned (`ok`) or threw. */
export interface CodeSettledListener {
  codeSettled(outcome: CodeOutcome): void;
}

// Bound to the listener for the code's promise: smaller than two closures and their scope, held while it runs.
function returned(this: CodeSettledListener, value: unknown): void {
  this.codeSettled({ done: true, ok: true, value });
}
function threw(this: CodeSettledListener, error: unknown): void {
  this.codeSettled({ done: true, ok: false, error });
}

/**
 * Constructs the workflow and starts its method, catching what either throws: a constructor that throws
 * or a missing method becomes the code's failure, never an exception out of the engine. Returns the
 * constructed workflow (undefined when its constructor threw): methods started later run on it.
 */
export const runWorkflowCode = (workflowClass: WorkflowClass, context: WorkflowContext, method: string, args: readonly unknown[], listener: CodeSettledListener): object | undefined => {
  try {
    const workflow = constructWithContext(context, () => new workflowClass()) as unknown as object;
    callWorkflowMethod(workflow, context.workflowName, method, args, listener);
    return workflow;
  } catch (error) {
    listener.codeSettled({ done: true, ok: false, error });
    return undefined;
  }
};

/** Starts one method of a constructed workflow; a missing method, or a throw before its first await, becomes the listener's failure. */
export const callWorkflowMethod = (workflow: object, workflowName: string, method: string, args: readonly unknown[], listener: CodeSettledListener): void => {
  try {
    const fn = (workflow as Record<string, unknown>)[method];
    if (typeof fn !== 'function') {
      listener.codeSettled({ done: true, ok: false, error: new NotRegisteredError('method', `${workflowName}.${method}`) });
      return;
    }
    Promise.resolve((fn as (...a: unknown[]) => unknown).apply(workflow, jsonCopy(args) as unknown[])).then(returned.bind(listener), threw.bind(listener));
  } catch (error) {
    listener.codeSettled({ done: true, ok: false, error });
  }
};
