import { isLeft } from 'fp-ts/lib/Either';
import { fromErrorData } from '../errors/from-error-data';
import { InvalidArgumentsError } from '../errors/invalid-arguments-error';
import { NonDeterminismError } from '../errors/non-determinism-error';
import type { HistoryEvent, HistoryEventOf } from '../model/history-events';
import type { Meta } from '../model/json';
import type { WorkflowOutcome } from '../model/messages';
import { formatValidationErrors } from '../model/validation-report';
import type { Revision } from '../ports/history-store.port';
import type { Deferred } from '../workflow/deferred';
import type { MethodCodecs } from '../workflow/service-definition';
import type { WorkflowClass } from '../workflow/workflow';
import type { ServiceStubOptions } from '../workflow/step-timeout-options';
import type { ChildWorkflowOptions, WorkflowContext } from '../workflow/workflow-context';
import { type CommandEvent, describeCommand, isCommandEvent, sameCommand } from './commands';
import { seededRandom } from './seeded-random';
import { isChildTimeout } from './timeout-events';
import { stepTimeout } from './timeout-fields';
import { serializable } from './serializable';
import { evolve } from './evolve';
import { MethodCode } from './method-code';
import { QueryNotReadOnlyError } from '../errors/query-not-read-only-error';
import { ReceiveClaim } from './receive-claim';
import { type BufferUses, noteBufferUse, SignalQueues } from './signal-queues';
import { type CodeOutcome, HostedDeferred, RejectionTracker, runWorkflowCode } from './workflow-host';
import { answersCurrentRound, initialState, type InstanceStatus, type TaskInfo, type Waiter, type WorkflowState } from './workflow-state';

/** The code's outcome until it ends, shared by every instance (it is never changed, only replaced). */
const STILL_RUNNING: CodeOutcome = { done: false };

export type { InstanceStatus, TaskInfo, Waiter } from './workflow-state';

/**
 * Where an applied event sits in its stream (its revision) and when it was stored; for a task's outcome, the
 * retry round it answered, fixed when it was recorded (a later retry must not change what a re-publish says).
 */
export interface EventPosition {
  readonly index: number;
  readonly at: number;
  readonly retry?: number;
}

/**
 * `live`: a new event the engine just decided; `replay`: a recorded event, whose commands must match the
 * code's. An instance whose code is not run (its history no longer matches it) only folds either into its state.
 */
export type ApplyMode = 'live' | 'replay';

/**
 * One live workflow instance: the suspended code beside what the engine knows of it. The engine feeds it
 * history events one at a time with {@link apply}: each is folded into {@link state} by {@link evolve},
 * then outcomes resume the code, which produces commands that the engine records. On replay, each recorded
 * command must equal what the code produces at that step. The instance owns its state: nothing else folds
 * into it.
 */
export class WorkflowInstance implements WorkflowContext {
  /** Set when replay found the code no longer matches the history: the code is not run, events only fold into the state. */
  broken?: Error;

  /** What the engine knows of the instance without its code: the fold of its history. */
  readonly state: WorkflowState;

  /** This run of the instance (see `workflowRunId`), set by whoever creates it; the events' ids derive from it. */
  run = '';
  /** The stream position of events in {@link applied}: what the events topic says of them. Made when first set. */
  positions?: WeakMap<HistoryEvent, EventPosition>;
  /** Which signals went to their channel's buffer and which receives took a buffered value. Made when first needed. */
  bufferUses?: BufferUses;

  private outcomeOfCode: CodeOutcome = STILL_RUNNING;
  private readonly rejections = new RejectionTracker();
  private codeStarted = false;

  private nextSeq = 1;
  private readonly deferreds = new Map<number, Deferred<unknown>>();
  private produced: CommandEvent[] = [];
  /** Signals and receives as the code sees them: a receive that loses a `Deferred.any` race leaves its line. */
  private readonly signals = new SignalQueues();
  /** Receives the code waits on. */
  private readonly receiving = new Set<number>();
  /** Receives that lost a `Deferred.any` race: they wait for nothing. Made when one first loses (most never do). */
  private released?: Set<number>;
  /** The seq of each task failure handed to the code; made at the first failure. */
  private failureSeq?: WeakMap<object, number>;
  /** Made at the first `random()` (most workflows never call it), seeded as it always was. */
  private nextRandom?: () => number;
  /** The one object of the workflow class, which every method of the instance runs on (undefined until the code starts, or when its constructor threw). */
  private workflowObject?: object;
  /** The code of methods started beside the main one; made at the first. */
  private methodCode?: MethodCode;
  /** The query being answered, while one runs: the code must then take no step. */
  private querying?: string;

  /** `state`: what is already known of the instance (a fold of its history); it becomes this instance's own. */
  constructor(
    private readonly workflowClass: WorkflowClass,
    readonly started: HistoryEventOf<'WorkflowStarted'>,
    readonly workflowId: string,
    state: WorkflowState = initialState(workflowId, started),
  ) {
    this.state = state;
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

  // ---- the state, as the engine reads it ----

  get status(): InstanceStatus {
    return this.state.status;
  }
  get outcome(): WorkflowOutcome | undefined {
    return this.state.outcome;
  }
  get revision(): Revision | 'no-stream' {
    return this.state.revision;
  }
  set revision(revision: Revision | 'no-stream') {
    this.state.revision = revision;
  }
  get time(): number {
    return this.state.time;
  }
  set time(at: number) {
    this.state.time = at;
  }
  get applied(): Map<string, HistoryEvent[]> {
    return this.state.applied;
  }
  get waiters(): readonly Waiter[] {
    return this.state.waiters;
  }
  get tasks(): ReadonlyMap<number, TaskInfo> {
    return this.state.tasks;
  }
  get children(): ReadonlyMap<number, HistoryEventOf<'ChildWorkflowStarted'>> {
    return this.state.children;
  }
  get timers(): ReadonlySet<number> {
    return this.state.timers;
  }
  get failedSeq(): number | undefined {
    return this.state.failedSeq;
  }
  get retries(): number {
    return this.state.retries;
  }
  /** The event that ended the instance (completed, failed or canceled), while it stands. */
  get ending(): HistoryEvent | undefined {
    return this.state.ending;
  }

  /** Notes where `event` sits in the stream. */
  placeEvent(event: HistoryEvent, position: EventPosition): void {
    (this.positions ??= new WeakMap()).set(event, position);
  }

  /**
   * Steps that wait for an outcome: the open tasks, timers and children, and the receives that wait (as
   * the code sees them once it runs, else as the history tells). A new set at each call.
   */
  get open(): ReadonlySet<number> {
    return new Set([...this.state.open, ...(this.codeStarted ? this.receiving : this.state.signals.waiting())]);
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
    this.codeStarted = true;
    this.workflowObject = runWorkflowCode(this.workflowClass, this, method, args, this);
  }

  /** @internal The workflow object the code runs on, for a query; undefined when the code does not run. */
  get workflow(): object | undefined {
    return this.broken ? undefined : this.workflowObject;
  }

  /** @internal The method runs whose code ended since the last call (see {@link MethodCode.takeEnded}). */
  takeEndedMethods(): ReturnType<MethodCode['takeEnded']> {
    return this.methodCode?.takeEnded() ?? [];
  }

  /** @internal Runs `read` as the query `name`: a step asked for meanwhile throws {@link QueryNotReadOnlyError}. */
  async whileQuerying<T>(name: string, read: () => T | PromiseLike<T>): Promise<T> {
    this.querying = name;
    try {
      return await read();
    } finally {
      this.querying = undefined;
    }
  }

  private refuseInQuery(step: string): void {
    if (this.querying !== undefined) throw new QueryNotReadOnlyError(this.workflowName, this.querying, step);
  }

  /** @internal How the code ended; the first outcome stands (an unhandled rejection may have come first). */
  codeSettled(outcome: CodeOutcome): void {
    if (!this.outcomeOfCode.done) this.outcomeOfCode = outcome;
  }

  /** The commands produced since the last call, in step order. */
  takeCommands(): CommandEvent[] {
    const commands = this.produced;
    this.produced = [];
    return commands;
  }

  /** See {@link answersCurrentRound}. */
  answersCurrentRound(seq: number, retry: number | undefined): boolean {
    return answersCurrentRound(this.state, seq, retry);
  }

  /** The seq of the failed task whose error made the workflow fail, when that is what happened. */
  failedSeqOf(error: unknown): number | undefined {
    for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; e = (e as Error).cause, depth++) {
      const seq = this.failureSeq?.get(e);
      if (seq !== undefined) return seq;
    }
    return undefined;
  }

  /**
   * Applies one event: folds it into the state, then hands it to the code (unless the code is
   * {@link broken}). On replay a command event must match the next command the code produced, else
   * {@link NonDeterminismError}. Returns true when the event resumed code, so the caller must settle
   * before applying the next one.
   */
  apply(event: HistoryEvent, mode: ApplyMode): boolean {
    if (this.broken) {
      this.bufferUses ??= { buffered: new WeakSet(), taken: new WeakMap() };
      noteBufferUse(this.bufferUses, this.state, event);
      evolve(this.state, event);
      return false;
    }
    if (isCommandEvent(event)) {
      if (mode === 'replay') this.matchRecorded(event);
      evolve(this.state, event);
      const waits = event.type === 'ReceiveStarted' && this.deferreds.get(event.seq)?.status() === 'ongoing' && !this.released?.has(event.seq);
      if (waits) this.receiving.add(event.seq);
      return false;
    }
    evolve(this.state, event);
    switch (event.type) {
      case 'WorkflowStarted':
        this.start();
        return true;
      case 'MethodStarted':
        (this.methodCode ??= new MethodCode()).start(this.workflowObject, this.workflowName, event);
        return true;
      case 'TaskCompleted':
      case 'TimerFired':
      case 'ChildWorkflowCompleted':
        this.deferreds.get(event.seq)?.complete(event.type === 'TimerFired' ? undefined : event.result);
        return true;
      case 'TaskFailed':
      case 'ChildWorkflowFailed': {
        const error = fromErrorData(event.error);
        // A child that timed out was canceled: `retry` has nothing to run again there.
        if (!isChildTimeout(event)) (this.failureSeq ??= new WeakMap()).set(error, event.seq);
        this.deferreds.get(event.seq)?.fail(error);
        return true;
      }
      case 'SignalReceived': {
        const seq = this.signals.deliver(event.channel, event.value);
        if (seq === undefined) {
          (this.bufferUses ??= { buffered: new WeakSet(), taken: new WeakMap() }).buffered.add(event);
          return true;
        }
        this.receiving.delete(seq);
        this.deferreds.get(seq)?.complete(event.value);
        return true;
      }
      default:
        return false;
    }
  }

  private matchRecorded(recorded: CommandEvent): void {
    const produced = this.produced.shift();
    if (!produced || !sameCommand(produced, recorded)) {
      throw new NonDeterminismError(this.workflowId, recorded.seq, describeCommand(recorded), produced ? describeCommand(produced) : 'no command');
    }
    const taken = this.bufferUses?.taken;
    if (taken?.has(produced)) taken.set(recorded, taken.get(produced));
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
    this.refuseInQuery('random()');
    return (this.nextRandom ??= seededRandom(this.workflowId))();
  }

  scheduleTask(service: string, method: string, args: unknown[], codecs?: MethodCodecs, options?: ServiceStubOptions): Deferred<unknown> {
    this.refuseInQuery(`task ${service}.${method}`);
    if (codecs?.args) {
      const decoded = codecs.args.decode(args);
      if (isLeft(decoded)) throw new InvalidArgumentsError(`${service}.${method}`, formatValidationErrors(decoded.left, 'args'));
    }
    return this.command({
      type: 'TaskScheduled', seq: this.nextSeq++, service, method, args: serializable(args, `arguments of ${service}.${method}`) as unknown[],
      ...stepTimeout(options?.timeoutMs, this.time),
    });
  }

  startTimer(fireAt: number): Deferred<void> {
    this.refuseInQuery('a timer');
    return this.command({ type: 'TimerStarted', seq: this.nextSeq++, fireAt });
  }

  startChild(workflowName: string, method: string, args: unknown[], options: ChildWorkflowOptions): Deferred<unknown> {
    this.refuseInQuery(`child workflow ${workflowName}.${method}`);
    const seq = this.nextSeq++;
    return this.command({
      type: 'ChildWorkflowStarted', seq, workflowName, workflowId: options.id ?? `${this.workflowId}.${seq}`, method,
      args: serializable(args, `arguments of child workflow ${workflowName}.${method}`) as unknown[], tags: options.tags ?? [], meta: options.meta ?? {},
      ...stepTimeout(options.timeoutMs, this.time),
    });
  }

  callMethod(workflowName: string, workflowId: string, method: string, args: unknown[]): Deferred<unknown> {
    this.refuseInQuery(`method ${workflowName}.${method}`);
    return this.command({
      type: 'MethodCalled', seq: this.nextSeq++, workflowName, workflowId, method, args: serializable(args, `arguments of method ${workflowName}.${method}`) as unknown[],
    });
  }

  receive(channel: string): Deferred<unknown> {
    this.refuseInQuery(`a receive on channel ${channel}`);
    const seq = this.nextSeq++;
    const event: CommandEvent = { type: 'ReceiveStarted', seq, channel };
    const deferred = this.command<unknown>(event);
    const taken = this.claim(channel, seq, deferred);
    if (taken) (this.bufferUses ??= { buffered: new WeakSet(), taken: new WeakMap() }).taken.set(event, taken.value);
    return deferred;
  }

  /** A receive takes a buffered signal or waits in line; having lost a race and being awaited again, it claims anew. */
  private claim(channel: string, seq: number, deferred: Deferred<unknown>): { value: unknown } | undefined {
    const taken = this.signals.receive(channel, seq);
    if (taken) {
      deferred.complete(taken.value);
      return taken;
    }
    deferred.whenLost(new ReceiveClaim(this, channel, seq, deferred));
    return undefined;
  }

  /** @internal A receive that lost a race is awaited again: it claims the channel anew, behind the others. */
  reclaim(channel: string, seq: number, deferred: Deferred<unknown>): void {
    this.released?.delete(seq);
    this.claim(channel, seq, deferred);
    if (deferred.status() === 'ongoing') this.receiving.add(seq);
  }

  /** @internal A receive that lost a race leaves its channel's queue of receivers: the next signal is the next one's. */
  release(channel: string, seq: number): void {
    this.signals.leave(channel, seq);
    (this.released ??= new Set()).add(seq);
    this.receiving.delete(seq);
  }
}
