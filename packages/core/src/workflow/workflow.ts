import type * as t from 'io-ts';
import type { Meta } from '../model/json';
import { isLeft } from 'fp-ts/lib/Either';
import { InvalidArgumentsError } from '../errors/invalid-arguments-error';
import { formatValidationErrors } from '../model/validation-report';
import { Channel, type ChannelCodecs, type ChannelValues } from './channel';
import type { UpdateDeclarations } from './channel-updates';
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
  /** Optional io-ts codecs per channel: a signal that does not match is refused at `send`, by the client and the engine. */
  readonly channels?: ChannelCodecs;
  /** Signals one channel may buffer (no receive took them yet) before a signal is refused with `ChannelFullError`.
   *  @default 10_000 (`DEFAULT_MAX_BUFFERED_SIGNALS`) */
  readonly maxBufferedSignals?: number;
  /** The updates the workflow accepts, each handled by the method of its name (see `UpdateDeclaration`). */
  readonly updates?: UpdateDeclarations;
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

/** What is wrong with the arguments of a `version()` call (nothing: an empty list). */
const versionCallProblems = (changeId: unknown, maxSupported: number, minSupported: number): string[] => [
  ...(typeof changeId === 'string' && changeId.length > 0 ? [] : ['changeId: expected a non-empty string']),
  ...(Number.isSafeInteger(minSupported) && minSupported >= 0 ? [] : [`minSupported: expected an integer ≥ 0, got ${String(minSupported)}`]),
  ...(Number.isSafeInteger(maxSupported) && maxSupported >= minSupported ? [] : [`maxSupported: expected an integer ≥ minSupported (${String(minSupported)}), got ${String(maxSupported)}`]),
];

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

  /**
   * A named channel: `receive()` takes the next value sent to it, in the order they arrived (see {@link Channel}).
   * With `codec` (or a codec for `name` in `static channels`), signals of the wrong shape are refused when they
   * arrive, with the io-ts report; declare it on the class so that clients refuse them at `send` already.
   */
  protected channel<T>(name: string): Channel<T>;
  protected channel<C extends t.Mixed>(name: string, codec: C): Channel<t.TypeOf<C>>;
  protected channel<T>(name: string, codec?: t.Mixed): Channel<T> {
    if (codec) this.#context.declareChannel(name, codec);
    return new Channel<T>(this.#context, name);
  }

  /**
   * Sends `value` to `channel` of the instance `workflowId` of `workflow` (another one, or this one): a step of
   * this workflow, recorded in its history and published once recorded (a replay sends nothing; a redelivery
   * publishes the same message, which the receiver applies once). It completes at once: nothing comes back.
   * A value that the target's `static channels` codec refuses throws `InvalidArgumentsError` here; one the
   * target refuses on arrival (unknown instance, full channel) is dropped there, as nobody waits for an answer.
   */
  protected send<W extends WorkflowClass, K extends keyof ChannelValues<W> & string>(workflow: W, workflowId: string, channel: K, value: ChannelValues<W>[K]): Deferred<void> {
    const name = workflowNameOf(workflow);
    const codec = workflow.channels?.[channel];
    const decoded = codec?.decode(value);
    if (decoded && isLeft(decoded)) throw new InvalidArgumentsError(`${name} channel ${channel}`, formatValidationErrors(decoded.left, 'value'));
    return this.#context.sendSignal(name, workflowId, channel, value);
  }

  /**
   * Ends this run and starts a new one under the same id, with `args` for the main method and an empty history
   * (`return this.continueAsNew(...)` or `await this.continueAsNew(...)`; do not catch what it throws). Waiting
   * clients and a waiting parent get the outcome of the last run; signals not yet received are carried over.
   * Only the main method can continue as new: from a method started beside it or an update handler it fails
   * that method with `ContinueAsNewNotAllowedError`. Type the arguments with the method:
   * `this.continueAsNew<Parameters<this['bill']>>(month + 1)`. See docs/continue-as-new.md.
   */
  protected continueAsNew<A extends unknown[] = unknown[]>(...args: A): Promise<never> {
    const context = this.#context;
    if (!context.continueAsNew) throw new TypeError(`continueAsNew: the context of ${context.workflowName} cannot continue as new`);
    return context.continueAsNew(args);
  }

  /** The current time, deterministic across replays. */
  protected now(): number {
    return this.#context.now();
  }

  /** A random number in [0, 1), deterministic across replays. */
  protected random(): number {
    return this.#context.random();
  }

  /**
   * A side effect: runs `fn` once, records what it returned in history (a step, like a task), and on every
   * replay returns the recorded value without running `fn` again (Infinitic's `inline`, Restate's `ctx.run`).
   * Use it for a value workflow code may not compute itself (a generated id, a read of the clock or of local
   * config). The value comes back as JSON storage reads it (an `undefined` stays `undefined`).
   *
   * `fn` must be synchronous and quick: it runs inside the workflow step. Do I/O or anything asynchronous in
   * a service task. A throw inside `fn` is recorded too, and reaches the code here (as the error rebuilt from
   * its record: name, message, code and a Cadenza error's facts, on the first run as on replays). A Promise,
   * a value JSON cannot carry (`UnserializableValueError`) or one over 256 KiB (`PayloadTooLargeError`) fails
   * the workflow with that error.
   *
   * @example const quoteId = this.inline(() => randomUUID());
   */
  protected inline<T>(fn: () => T): T {
    return this.#context.inline(fn);
  }

  /**
   * Patch-style versioning: which version of the change `changeId` this instance runs, so that code changed
   * while instances are running keeps their history valid (see docs/versioning.md).
   *
   * The first call for `changeId` decides, and records it in history (`VersionMarked`): an instance that reaches
   * the call live gets `maxSupported`; one whose history was recorded by older code (the replay reaches the call
   * with no marker) gets `minSupported`, the old path. Every later call with `changeId`, and every replay, gets
   * the recorded version. A recorded version outside `minSupported`..`maxSupported` throws
   * `VersionNotSupportedError` and BLOCKS the workflow (it waits, neither failed nor ended, for code that
   * supports it). The call takes no step: inserting it shifts the `seq` of no later step.
   *
   * @param changeId names the change; keep it while any instance may still replay through it
   * @param maxSupported the newest version the code handles (an integer ≥ `minSupported`)
   * @param minSupported the oldest version the code still handles
   * @default minSupported 0 (the code before the first `version()` call for `changeId`)
   * @example
   * if (this.version('send-receipt', 1) >= 1) await this.email.receipt(orderId);
   */
  protected version(changeId: string, maxSupported: number, minSupported = 0): number {
    const bad = versionCallProblems(changeId, maxSupported, minSupported);
    if (bad.length > 0) throw new InvalidArgumentsError(`version(${JSON.stringify(changeId)})`, bad);
    return this.#context.version(changeId, maxSupported, minSupported);
  }

  /**
   * A UUID (version 5 layout) for this workflow, the same on every replay: derived from this run of the
   * instance (its name, id and the message that started it) and the number of `uuid()` calls before it, so
   * nothing is recorded and two runs under one reused id get different ones. It is unique, not secret: use
   * `this.inline(() => randomUUID())` for an unguessable one.
   */
  protected uuid(): string {
    return this.#context.uuid();
  }
}
