import type { Meta } from '../model/json';
import type { Deferred } from './deferred';
import type { MethodCodecs, ServiceDefinition } from './service-definition';
import { checkStepTimeout, type ServiceStubOptions } from './step-timeout-options';
import { type ChildWorkflowOptions, takeConstructionContext, type WorkflowContext } from './workflow-context';

/** A workflow method's promise becomes a Deferred on a stub. */
type StubMethod<F> = F extends (...args: infer A) => infer R ? (...args: A) => Deferred<Awaited<R>> : never;
/** The methods of a service or workflow as seen from a workflow: each call is a step returning a Deferred. */
export type Stub<S> = { [K in keyof S as S[K] extends (...args: never[]) => unknown ? K : never]: StubMethod<S[K]> };

/** A workflow class: constructed by the engine, named by `workflowName` or its class name. */
export interface WorkflowClass<W extends Workflow = Workflow> {
  new (): W;
  readonly workflowName?: string;
  /** Optional io-ts codecs per method; arguments that do not match are refused at dispatch. */
  readonly methods?: { readonly [method: string]: MethodCodecs };
  /**
   * The methods (called with the query's arguments) and properties or getters (read) that clients may query
   * with `handle.query(name, ...args)`: answered from the live instance, with no history event. A query must
   * only read: a step or `random()` in it throws `QueryNotReadOnlyError`, and what it changes is not recorded
   * (a replay forgets it).
   * @default none
   */
  readonly queries?: readonly string[];
}

/** The queries a workflow class lists (`static queries`). */
export const queriesOf = (workflow: WorkflowClass): readonly string[] => workflow.queries ?? [];

/** The workflow's name on the wire: `static workflowName` when set, else the class name. */
export const workflowNameOf = (workflow: WorkflowClass): string => {
  const name = workflow.workflowName ?? workflow.name;
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) throw new RangeError(`workflow name ${JSON.stringify(name)} must match [A-Za-z][A-Za-z0-9_-]* (set static workflowName)`);
  return name;
};

/** Names of the callable methods a workflow class declares (its own and its parents', not the base's). */
export const workflowMethodsOf = (workflow: WorkflowClass): string[] => {
  const names = new Set<string>();
  for (let proto = workflow.prototype; proto && proto !== Workflow.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function') names.add(name);
    }
  }
  return [...names];
};

/** A stub whose every method calls `call` with its name and arguments; not thenable, so awaiting it by mistake does not hang. */
const stubCalling = <S>(call: (method: string, args: unknown[]) => Deferred<unknown>): Stub<S> =>
  new Proxy({} as Stub<S>, {
    get: (_, method) => (typeof method !== 'string' || method === 'then' ? undefined : (...args: unknown[]) => call(method, args)),
  });

/**
 * The base of every workflow. Write a method as ordinary sequential `async` code over the stubs that
 * `newService` and `newWorkflow` give you; the engine runs it as events and replays it after any crash.
 * Workflow code must be deterministic: use `this.now()`, `this.random()` and `this.timer()` instead of
 * `Date`, `Math.random` and `setTimeout`, and do I/O only through services.
 */
export abstract class Workflow {
  readonly #context: WorkflowContext;

  constructor() {
    const context = takeConstructionContext();
    if (!context) throw new Error(`${new.target.name} is created by the Cadenza engine; start it with client.newWorkflow(${new.target.name})`);
    this.#context = context;
  }

  /** This instance's id. */
  protected get workflowId(): string {
    return this.#context.workflowId;
  }

  /** The tags this instance was started with. */
  protected get tags(): readonly string[] {
    return this.#context.tags;
  }

  /** The meta this instance was started with. */
  protected get meta(): Readonly<Meta> {
    return this.#context.meta;
  }

  /**
   * A stub of a service: each call schedules a task and returns its Deferred result. With `timeoutMs`, each
   * task has an end-to-end timeout (its `await` throws `TaskTimedOutError` when it passes first).
   */
  protected newService<S>(service: ServiceDefinition<S>, options: ServiceStubOptions = {}): Stub<S> {
    const context = this.#context;
    checkStepTimeout(options.timeoutMs, `newService(${service.serviceName})`);
    return new Proxy({} as Stub<S>, {
      get: (_, method) => {
        if (typeof method !== 'string' || method === 'then') return undefined;
        const codecs = (service.methods as Record<string, MethodCodecs | undefined>)[method];
        return (...args: unknown[]) => context.scheduleTask(service.serviceName, method, args, codecs, options);
      },
    });
  }

  /**
   * A stub of a child workflow: each call starts a child instance and returns its Deferred result. With
   * `timeoutMs`, each child has an end-to-end timeout (`WorkflowTimedOutError`, and the child is canceled).
   */
  protected newWorkflow<W extends Workflow>(workflow: WorkflowClass<W>, options: ChildWorkflowOptions = {}): Stub<W> {
    const context = this.#context;
    const name = workflowNameOf(workflow);
    checkStepTimeout(options.timeoutMs, `newWorkflow(${name})`);
    return stubCalling<W>((method, args) => context.startChild(name, method, args, options));
  }

  /**
   * A stub of the running instance `workflowId` of `workflow`: each call runs that method on it, beside its
   * main method and sharing its properties, and is a step of this workflow whose Deferred completes with the
   * method's result. It fails with `MethodFailedError` (what the method threw is its cause),
   * `MethodAbandonedError`, `NotRegisteredError`, or `WorkflowUnknownError` for an instance that does not
   * exist or has ended. A failed call is not run again by `retry`.
   */
  protected getWorkflowById<W extends Workflow>(workflow: WorkflowClass<W>, workflowId: string): Stub<W> {
    const context = this.#context;
    const name = workflowNameOf(workflow);
    return stubCalling<W>((method, args) => context.callMethod(name, workflowId, method, args));
  }

  /** Completes after `duration` ms, or at a `Date`; durable across crashes. */
  protected timer(duration: number | Date): Deferred<void> {
    const fireAt = duration instanceof Date ? duration.getTime() : this.#context.now() + duration;
    if (!Number.isFinite(fireAt)) throw new RangeError(`timer: ${String(duration)} is not a duration in ms or a Date`);
    return this.#context.startTimer(fireAt);
  }

  /** A named channel: `receive()` takes the next value sent to it, in the order they arrived. */
  protected channel<T>(name: string): { receive(): Deferred<T> } {
    const context = this.#context;
    return { receive: () => context.receive(name) as Deferred<T> };
  }

  /** The current time, deterministic across replays. */
  protected now(): number {
    return this.#context.now();
  }

  /** A random number in [0, 1), deterministic across replays. */
  protected random(): number {
    return this.#context.random();
  }
}
