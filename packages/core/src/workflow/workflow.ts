import type * as t from 'io-ts';
import type { Meta } from '../model/json';
import { isLeft } from 'fp-ts/lib/Either';
import { InvalidArgumentsError } from '../errors/invalid-arguments-error';
import { formatValidationErrors } from '../model/validation-report';
import { Channel, type ChannelCodecs, type ChannelValues } from './channel';
import type { UpdateDeclarations } from './channel-updates';
import type { Deferred } from './deferred';
import type { MethodCodecs, ServiceDefinition } from './service-definition';
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
  /** Optional io-ts codecs per channel: a signal that does not match is refused at `send`, by the client and the engine. */
  readonly channels?: ChannelCodecs;
  /** Signals one channel may buffer (no receive took them yet) before a signal is refused with `ChannelFullError`.
   *  @default 10_000 (`DEFAULT_MAX_BUFFERED_SIGNALS`) */
  readonly maxBufferedSignals?: number;
  /** The updates the workflow accepts, each handled by the method of its name (see `UpdateDeclaration`). */
  readonly updates?: UpdateDeclarations;
}

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

  /** A stub of a service: each call schedules a task and returns its Deferred result. */
  protected newService<S>(service: ServiceDefinition<S>): Stub<S> {
    const context = this.#context;
    return new Proxy({} as Stub<S>, {
      get: (_, method) => {
        if (typeof method !== 'string' || method === 'then') return undefined;
        const codecs = (service.methods as Record<string, MethodCodecs | undefined>)[method];
        return (...args: unknown[]) => context.scheduleTask(service.serviceName, method, args, codecs);
      },
    });
  }

  /** A stub of a child workflow: each call starts a child instance and returns its Deferred result. */
  protected newWorkflow<W extends Workflow>(workflow: WorkflowClass<W>, options: ChildWorkflowOptions = {}): Stub<W> {
    const context = this.#context;
    const name = workflowNameOf(workflow);
    return new Proxy({} as Stub<W>, {
      get: (_, method) => {
        if (typeof method !== 'string' || method === 'then') return undefined;
        return (...args: unknown[]) => context.startChild(name, method, args, options);
      },
    });
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

  /** The current time, deterministic across replays. */
  protected now(): number {
    return this.#context.now();
  }

  /** A random number in [0, 1), deterministic across replays. */
  protected random(): number {
    return this.#context.random();
  }
}
