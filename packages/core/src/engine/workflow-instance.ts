import { isLeft } from 'fp-ts/lib/Either';
import { fromErrorData } from '../errors/from-error-data';
import { InvalidArgumentsError } from '../errors/invalid-arguments-error';
import { NonDeterminismError } from '../errors/non-determinism-error';
import type { HistoryEvent, HistoryEventOf } from '../model/history-events';
import type { ErrorData } from '../model/error-data';
import type { Meta } from '../model/json';
import type { WorkflowOutcome } from '../model/messages';
import { formatValidationErrors } from '../model/validation-report';
import type { Revision } from '../ports/history-store.port';
import type { Deferred } from '../workflow/deferred';
import type { MethodCodecs } from '../workflow/service-definition';
import type { WorkflowClass } from '../workflow/workflow';
import type { ChildWorkflowOptions, WorkflowContext } from '../workflow/workflow-context';
import { type CommandEvent, describeCommand, isCommandEvent, sameCommand } from './commands';
import { seededRandom } from './seeded-random';
import { serializable } from './serializable';
import { type CodeOutcome, HostedDeferred, RejectionTracker, runWorkflowCode } from './workflow-host';

/** A client waiting for the outcome, and the request it is answered under. */
export interface Waiter {
  readonly replyTo: string;
  readonly requestId: string;
}

export interface TaskInfo {
  readonly service: string;
  readonly method: string;
  readonly args: unknown[];
  retry: number;
}

/** Where an applied event sits in its stream (its revision) and when it was stored. */
export interface EventPosition {
  readonly index: number;
  readonly at: number;
}

/**
 * `live`: a new event the engine just decided; `replay`: a recorded event, whose commands must match the
 * code's; `bookkeeping`: the code is not run at all (its history no longer matches it), only the state.
 */
export type ApplyMode = 'live' | 'replay' | 'bookkeeping';

/** `blocked`: the code no longer matches the history; it waits for `retry` or for code that matches. */
export type InstanceStatus = 'running' | 'blocked' | 'completed' | 'failed' | 'canceled';

/**
 * One live workflow instance: the suspended code and what the engine knows of it. The engine feeds it
 * history events one at a time with {@link apply}; outcomes resume the code, which then produces commands
 * that the engine records. On replay, each recorded command must equal what the code produces at that step.
 */
export class WorkflowInstance implements WorkflowContext {
  status: InstanceStatus = 'running';
  outcome?: WorkflowOutcome;
  revision: Revision | 'no-stream' = 'no-stream';
  /** The events each handled message caused, by message id: how a redelivery is recognised. */
  readonly applied = new Map<string, HistoryEvent[]>();
  /** This run of the instance (see `workflowRunId`), set by whoever creates it; the events' ids derive from it. */
  run = '';
  /** The stream position of each event in {@link applied}: what the events topic says of it. */
  readonly positions = new WeakMap<HistoryEvent, EventPosition>();
  /** The `SignalReceived` events whose value went to the channel's buffer, no receive waiting for it. */
  readonly bufferedSignals = new WeakSet<HistoryEvent>();
  /** The `ReceiveStarted` events that took a buffered value at once, with that value. */
  readonly receivedFromBuffer = new WeakMap<HistoryEvent, unknown>();
  /** The event that ended the instance (completed, failed or canceled), while it stands. */
  ending?: HistoryEvent;
  readonly waiters: Waiter[] = [];
  readonly tasks = new Map<number, TaskInfo>();
  readonly children = new Map<number, HistoryEventOf<'ChildWorkflowStarted'>>();
  readonly timers = new Set<number>();
  /** Steps that wait for an outcome. */
  readonly open = new Set<number>();
  failedSeq?: number;
  /** How many times `retry` (or code matching again) resumed the instance: outcomes sent after a retry get new ids. */
  retries = 0;
  /** While blocked: the NonDeterminismError, as recorded. */
  blockedBy?: ErrorData;
  time = 0;
  /** Set when replay found the code no longer matches the history: the code is not run. */
  broken?: Error;

  private outcomeOfCode: CodeOutcome = { done: false };
  private readonly rejections = new RejectionTracker();

  private nextSeq = 1;
  private readonly deferreds = new Map<number, Deferred<unknown>>();
  private produced: CommandEvent[] = [];
  private readonly buffered = new Map<string, unknown[]>();
  private readonly receivers = new Map<string, number[]>();
  /** Receives that lost a `Deferred.any` race: they wait for nothing. */
  private readonly released = new Set<number>();
  private readonly failureSeq = new WeakMap<object, number>();
  private readonly nextRandom: () => number;

  constructor(
    private readonly workflowClass: WorkflowClass,
    readonly started: HistoryEventOf<'WorkflowStarted'>,
    readonly workflowId: string,
  ) {
    this.nextRandom = seededRandom(workflowId);
  }

  get workflowName(): string {
    return this.started.workflowName;
  }
  get tags(): readonly string[] {
    return this.started.tags;
  }
  get meta(): Readonly<Meta> {
    return this.started.meta;
  }
  get parent() {
    return this.started.parent;
  }

  /** How the code stands: a rejection in its callbacks that nobody handled counts as the code throwing. */
  get code(): CodeOutcome {
    if (!this.outcomeOfCode.done) {
      const unhandled = this.rejections.unhandled();
      if (unhandled) this.outcomeOfCode = { done: true, ok: false, error: unhandled.error };
    }
    return this.outcomeOfCode;
  }

  /** Runs the workflow method until it first waits; the caller then settles. */
  start(): void {
    const { method, args } = this.started;
    runWorkflowCode(this.workflowClass, this, method, args, (outcome) => {
      if (!this.outcomeOfCode.done) this.outcomeOfCode = outcome;
    });
  }

  /** The commands produced since the last call, in step order. */
  takeCommands(): CommandEvent[] {
    const commands = this.produced;
    this.produced = [];
    return commands;
  }

  /**
   * True when an outcome of the task at `seq` from round `retry` answers the round the task is in now.
   * An outcome of a round that `retry` replaced is late and must not settle the new round; one without a
   * round (from a worker that did not stamp it) is taken for the current round.
   */
  answersCurrentRound(seq: number, retry: number | undefined): boolean {
    const task = this.tasks.get(seq);
    return task !== undefined && (retry === undefined || retry === task.retry);
  }

  /** The seq of the failed task whose error made the workflow fail, when that is what happened. */
  failedSeqOf(error: unknown): number | undefined {
    for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; e = (e as Error).cause, depth++) {
      const seq = this.failureSeq.get(e);
      if (seq !== undefined) return seq;
    }
    return undefined;
  }

  /**
   * Applies one event. On replay a command event must match the next command the code
   * produced, else {@link NonDeterminismError}. Returns true when the event resumed code, so the caller
   * must settle before applying the next one.
   */
  apply(event: HistoryEvent, mode: ApplyMode): boolean {
    if (isCommandEvent(event)) {
      if (mode === 'replay') this.matchRecorded(event);
      this.observeCommand(event, mode);
      return false;
    }
    switch (event.type) {
      case 'WorkflowStarted':
        if (mode === 'bookkeeping') return false;
        this.start();
        return true;
      case 'WaiterAdded':
        this.waiters.push({ replyTo: event.replyTo, requestId: event.requestId });
        return false;
      case 'TaskCompleted':
      case 'TimerFired':
      case 'ChildWorkflowCompleted':
        this.open.delete(event.seq);
        this.deferreds.get(event.seq)?.complete(event.type === 'TimerFired' ? undefined : event.result);
        return true;
      case 'TaskFailed':
      case 'ChildWorkflowFailed': {
        this.open.delete(event.seq);
        const error = fromErrorData(event.error);
        this.failureSeq.set(error, event.seq);
        this.deferreds.get(event.seq)?.fail(error);
        return true;
      }
      case 'TaskRetried': {
        const task = this.tasks.get(event.seq);
        if (task) task.retry = event.retry;
        this.open.add(event.seq);
        return false;
      }
      case 'ChildWorkflowRetried':
        this.open.add(event.seq);
        return false;
      case 'SignalReceived':
        if (this.deliverSignal(event.channel, event.value)) this.bufferedSignals.add(event);
        return true;
      case 'WorkflowCompleted':
        this.ending = event;
        this.status = 'completed';
        this.outcome = { status: 'completed', result: event.result };
        return false;
      case 'WorkflowFailed':
        this.ending = event;
        this.status = 'failed';
        this.failedSeq = event.failedSeq;
        this.outcome = { status: 'failed', error: event.error };
        return false;
      case 'WorkflowRetried':
        this.ending = undefined;
        this.retries++;
        this.status = 'running';
        this.blockedBy = undefined;
        this.failedSeq = undefined;
        this.outcome = undefined;
        return false;
      case 'WorkflowBlocked':
        this.status = 'blocked';
        this.blockedBy = event.error;
        return false;
      case 'WorkflowCanceled':
        this.ending = event;
        this.status = 'canceled';
        this.outcome = { status: 'canceled', reason: event.reason };
        return false;
    }
  }

  private matchRecorded(recorded: CommandEvent): void {
    const produced = this.produced.shift();
    if (!produced || !sameCommand(produced, recorded)) {
      throw new NonDeterminismError(this.workflowId, recorded.seq, describeCommand(recorded), produced ? describeCommand(produced) : 'no command');
    }
    if (this.receivedFromBuffer.has(produced)) this.receivedFromBuffer.set(recorded, this.receivedFromBuffer.get(produced));
  }

  private observeCommand(event: CommandEvent, mode: ApplyMode): void {
    if (mode === 'bookkeeping' && event.type === 'ReceiveStarted') {
      // No code runs to call receive(): take a buffered signal or wait for one, as receive() would.
      if (!this.takeOrWait(event.channel, event.seq, (value) => this.receivedFromBuffer.set(event, value))) this.open.add(event.seq);
      return;
    }
    const waits = this.deferreds.get(event.seq)?.status() === 'ongoing' && !this.released.has(event.seq);
    if (mode === 'bookkeeping' || waits) this.open.add(event.seq);
    if (event.type === 'TaskScheduled') this.tasks.set(event.seq, { service: event.service, method: event.method, args: event.args, retry: 0 });
    if (event.type === 'ChildWorkflowStarted') this.children.set(event.seq, event);
    if (event.type === 'TimerStarted') this.timers.add(event.seq);
  }

  /** A receive at `seq`: takes the oldest buffered value of the channel (true), or waits for the next one. */
  private takeOrWait(channel: string, seq: number, complete: (value: unknown) => void): boolean {
    const queue = this.buffered.get(channel);
    if (queue && queue.length > 0) {
      complete(queue.shift());
      return true;
    }
    this.receivers.set(channel, [...(this.receivers.get(channel) ?? []), seq]);
    return false;
  }

  /** Hands a signal to the first receive waiting on its channel, or buffers it (true). */
  private deliverSignal(channel: string, value: unknown): boolean {
    const waiting = this.receivers.get(channel);
    const seq = waiting?.shift();
    if (seq === undefined) {
      const queue = this.buffered.get(channel) ?? [];
      queue.push(value);
      this.buffered.set(channel, queue);
      return true;
    }
    this.open.delete(seq);
    this.deferreds.get(seq)?.complete(value);
    return false;
  }

  private command<T>(event: CommandEvent): Deferred<T> {
    const deferred = new HostedDeferred<T>(this.rejections);
    this.deferreds.set(event.seq, deferred as Deferred<unknown>);
    // Code that runs on after the workflow ended (a branch nobody awaited) asks for nothing more.
    if (this.status === 'running' || this.status === 'blocked') this.produced.push(event);
    return deferred;
  }

  // ---- WorkflowContext: what workflow code calls ----

  now(): number {
    return this.time;
  }

  random(): number {
    return this.nextRandom();
  }

  scheduleTask(service: string, method: string, args: unknown[], codecs?: MethodCodecs): Deferred<unknown> {
    if (codecs?.args) {
      const decoded = codecs.args.decode(args);
      if (isLeft(decoded)) throw new InvalidArgumentsError(`${service}.${method}`, formatValidationErrors(decoded.left, 'args'));
    }
    return this.command({ type: 'TaskScheduled', seq: this.nextSeq++, service, method, args: serializable(args, `arguments of ${service}.${method}`) as unknown[] });
  }

  startTimer(fireAt: number): Deferred<void> {
    return this.command({ type: 'TimerStarted', seq: this.nextSeq++, fireAt });
  }

  startChild(workflowName: string, method: string, args: unknown[], options: ChildWorkflowOptions): Deferred<unknown> {
    const seq = this.nextSeq++;
    return this.command({
      type: 'ChildWorkflowStarted', seq, workflowName, workflowId: options.id ?? `${this.workflowId}.${seq}`, method,
      args: serializable(args, `arguments of child workflow ${workflowName}.${method}`) as unknown[], tags: options.tags ?? [], meta: options.meta ?? {},
    });
  }

  receive(channel: string): Deferred<unknown> {
    const seq = this.nextSeq++;
    const event: CommandEvent = { type: 'ReceiveStarted', seq, channel };
    const deferred = this.command<unknown>(event);
    this.claim(channel, seq, deferred, (value) => this.receivedFromBuffer.set(event, value));
    return deferred;
  }

  /**
   * A receive takes a buffered signal (`taken` hears of it) or waits in line; having lost a race and being
   * awaited again, it claims anew.
   */
  private claim(channel: string, seq: number, deferred: Deferred<unknown>, taken?: (value: unknown) => void): void {
    const take = (value: unknown) => {
      taken?.(value);
      deferred.complete(value);
    };
    if (this.takeOrWait(channel, seq, take)) return;
    deferred.whenLost(() => this.release(channel, seq), () => {
      this.released.delete(seq);
      this.claim(channel, seq, deferred);
      if (deferred.status() === 'ongoing') this.open.add(seq);
    });
  }

  /** A receive that lost a race leaves its channel's queue of receivers: the next signal is the next one's. */
  private release(channel: string, seq: number): void {
    const waiting = this.receivers.get(channel);
    const at = waiting?.indexOf(seq) ?? -1;
    if (at >= 0) waiting!.splice(at, 1);
    this.released.add(seq);
    this.open.delete(seq);
  }
}
