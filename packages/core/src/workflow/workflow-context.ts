import type * as t from 'io-ts';
import type { Meta } from '../model/json';
import type { Deferred } from './deferred';
import type { MethodCodecs } from './service-definition';
import type { ServiceStubOptions } from './step-timeout-options';

/** Options of a child workflow started from a workflow. */
export interface ChildWorkflowOptions {
  /** The child's id; derived from the parent's id and the step when absent, so replays reuse it. */
  id?: string;
  tags?: string[];
  meta?: Meta;
  /**
   * End-to-end timeout of each child started through this stub, in ms from its start. When it passes before
   * the child ends, the child's `await` throws `WorkflowTimedOutError` and the child is canceled (its late
   * outcome is ignored). Recorded in history with the child.
   * @default none
   */
  timeoutMs?: number;
}

/**
 * What a running workflow asks of the engine. Each call is one step with the next sequence number; the
 * engine records it, and on replay checks that the code asks for the same thing at the same step.
 */
export interface WorkflowContext {
  readonly workflowName: string;
  readonly workflowId: string;
  readonly tags: readonly string[];
  readonly meta: Readonly<Meta>;
  /** The time of the event being handled: the same on every replay. */
  now(): number;
  /** A number in [0, 1) from a generator seeded by the workflow id: the same on every replay. */
  random(): number;
  scheduleTask(service: string, method: string, args: unknown[], codecs?: MethodCodecs, options?: ServiceStubOptions): Deferred<unknown>;
  startTimer(fireAt: number): Deferred<void>;
  startChild(workflowName: string, method: string, args: unknown[], options: ChildWorkflowOptions): Deferred<unknown>;
  /** Runs `fn` once, records what it returned or threw at the next step, and gives that back on every replay. */
  inline<T>(fn: () => T): T;
  /** The version of `changeId` for code that supports `minSupported`..`maxSupported` (see `Workflow.version`); takes no step. */
  version(changeId: string, maxSupported: number, minSupported: number): number;
  /** A UUID derived from this run of the instance and how many came before it: the same on every replay. */
  uuid(): string;
  /** Runs `method` on the running instance `workflowId`, beside its main method; the step completes with its result. */
  callMethod(workflowName: string, workflowId: string, method: string, args: unknown[]): Deferred<unknown>;
  /** A receive on `channel`; see `Channel.receive` for the options. */
  receive(channel: string, options?: { readonly filter?: (value: never) => boolean; readonly limit?: number }): Deferred<unknown>;
  /** Sends `value` to `channel` of another instance: a step, recorded, published once (see `Workflow.send`). */
  sendSignal(workflowName: string, workflowId: string, channel: string, value: unknown): Deferred<void>;
  /** Checks the signals of `channel` against `codec` from now on (a channel typed in code, not declared on the class). */
  declareChannel(channel: string, codec: t.Mixed): void;
  /** What `continueAsNew` returns: it ends the main method, and the run, with the next run's `args`. */
  continueAsNew?(args: readonly unknown[]): Promise<never>;
}

let constructing: WorkflowContext | undefined;

/** @internal The engine constructs workflow instances inside this, so the base class finds its context. */
export const constructWithContext = <T>(context: WorkflowContext, construct: () => T): T => {
  const previous = constructing;
  constructing = context;
  try {
    return construct();
  } finally {
    constructing = previous;
  }
};

/** @internal */
export const takeConstructionContext = (): WorkflowContext | undefined => constructing;
