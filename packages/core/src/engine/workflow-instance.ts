import { isLeft } from 'fp-ts/lib/Either';
import type * as t from 'io-ts';
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
import { type CommandEvent, commandsMatch, DEFAULT_REPLAY_CHECK, describeCommand, isCommandEvent, type ReplayCheck } from './commands';
import { VersionMarkers, type VersionMarkedEvent } from './version-markers';
import { jsonCopy } from '../support/json-copy';
import { seededRandom } from './seeded-random';
import { isChildTimeout } from './timeout-events';
import { stepTimeout } from './timeout-fields';
import { type RecordedSideEffects, takeSideEffect } from './side-effect';
import { uuidFrom } from '../support/uuid-from';
import { serializable } from './serializable';
import { ContinueAsNewRequest, continueAsNewThenable } from '../workflow/continue-as-new';
import { evolve } from './evolve';
import { type EndedMethod, MethodCode, NO_ENDED_METHODS } from './method-code';
import { QueryNotReadOnlyError } from '../errors/query-not-read-only-error';
import { type ReceiveOptions, ReceiveClaim } from './receive-claim';
import { type BufferUses, noteBufferUse } from './signal-queues';
import { firstTakes, routeSignal } from './channel-routing';
import { refusalOfUpdate, runUpdateHandler } from './update-handling';
import { UpdateRefusedError } from '../errors/update-refused-error';
import { notReadOnlyValidator } from './update-validator-guard';
import { type CodeOutcome, HostedDeferred, RejectionTracker, runWorkflowCode } from './workflow-host';
import { answersCurrentRound, type ChildInfo, initialState, type InstanceStatus, type TaskInfo, type Waiter, type WorkflowState } from './workflow-state';

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

  /** A continued run numbers its steps after the previous run's (see `ContinuedRunFields`). */
  private nextSeq: number;
  private readonly deferreds = new Map<number, Deferred<unknown>>();
  private produced: CommandEvent[] = [];
  /** The filters of the receives that wait with one, by seq. Made when first needed (most receives have none). */
  private filters?: Map<number, (value: unknown) => boolean>;
  /** Update handlers that settled, their `UpdateCompleted` not yet recorded. Made when first needed. */
  private settledUpdates?: HistoryEventOf<'UpdateCompleted'>[];
  /** Codecs of channels the code typed with `this.channel(name, codec)`. Made when first needed. */
  private channelCodecs?: Map<string, t.Mixed>;
  /** Buffered signals that receives the code made took, before their `ReceiveStarted` is applied. Made when first needed. */
  private pendingTakes?: Set<number>;
  /** The seq of each task failure handed to the code; made at the first failure. */
  private failureSeq?: WeakMap<object, number>;
  /** Made at the first `random()` (most workflows never call it), seeded as it always was. */
  private nextRandom?: () => number;
  /** How many `uuid()` calls the code made: each id derives from the run and this count. */
  private uuids = 0;
  /** True while a recorded history is replayed: a `version()` reached then takes the old path (see {@link VersionMarkers}). */
  replaying = false;
  /** How replay compares produced and recorded commands, as the class was registered. */
  replayCheck: ReplayCheck = DEFAULT_REPLAY_CHECK;
  /** The versions `version()` gave the code; made at the first call, or by replay from the recorded markers. */
  versionMarkers?: VersionMarkers;
  /** While a history is replayed: its side effects, which `inline` returns instead of running its function. */
  recordedEffects?: RecordedSideEffects;
  /** The one object of the workflow class, which every method of the instance (and every update handler) runs on (undefined until the code starts, or when its constructor threw). */
  private workflowObject?: object;
  /** The code of methods started beside the main one; made at the first. */
  private methodCode?: MethodCode;
  /** The query being answered, while one runs: the code must then take no step. */
  private querying?: string;
  /** The update whose validator runs, while one does, with the refusal of the first step it asked for. */
  private validating?: { update: string; refused?: UpdateRefusedError };

  /** `state`: what is already known of the instance (a fold of its history); it becomes this instance's own. */
  constructor(
    readonly workflowClass: WorkflowClass,
    readonly started: HistoryEventOf<'WorkflowStarted'>,
    readonly workflowId: string,
    state: WorkflowState = initialState(workflowId, started),
  ) {
    this.state = state;
    this.nextSeq = started.firstSeq ?? 1;
  }

  /** The seq the next step would get: where a run continued as new numbers its steps from. */
  get seqAfterSteps(): number {
    return this.nextSeq;
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
  /** Signals one channel may buffer, as the workflow class says (the engine's default otherwise). */
  get maxBufferedSignals(): number | undefined {
    return this.workflowClass.maxBufferedSignals;
  }

  /** The codec signals of `channel` must match: the one the code gave `this.channel`, else the class's `static channels`. */
  channelCodec(channel: string): t.Mixed | undefined {
    return this.channelCodecs?.get(channel) ?? this.workflowClass.channels?.[channel];
  }

  /** @internal See {@link WorkflowContext.declareChannel}. */
  declareChannel(channel: string, codec: t.Mixed): void {
    (this.channelCodecs ??= new Map()).set(channel, codec);
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
  get children(): ReadonlyMap<number, ChildInfo> {
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
   * Steps that wait for an outcome: the open tasks, timers and children, and the receives that wait (the
   * history records a receive that lost a race, so the fold and the code agree). A new set at each call.
   */
  get open(): ReadonlySet<number> {
    return new Set([...this.state.open, ...this.state.signals.waiting()]);
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
    this.workflowObject = runWorkflowCode(this.workflowClass, this, method, args, this);
  }

  /** @internal The workflow object the code runs on, for a query; undefined when the code does not run. */
  get workflow(): object | undefined {
    return this.broken ? undefined : this.workflowObject;
  }

  /** @internal The method runs whose code ended since the last call (see {@link MethodCode.takeEnded}). */
  takeEndedMethods(): readonly EndedMethod[] {
    return this.methodCode ? this.methodCode.takeEnded() : NO_ENDED_METHODS;
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
    if (this.validating) throw (this.validating.refused ??= notReadOnlyValidator(this.workflowName, this.workflowId, this.validating.update, step));
  }

  /**
   * @internal Runs the validator of update `update` read-only: a step it asks for throws {@link UpdateRefusedError},
   * and refuses the update even when the validator caught that error (validators run live only, never on replay).
   */
  whileValidating<T>(update: string, validate: () => T): T {
    const guard: { update: string; refused?: UpdateRefusedError } = { update };
    this.validating = guard;
    let result: T;
    try {
      result = validate();
    } finally {
      this.validating = undefined;
    }
    if (guard.refused) throw guard.refused;
    return result;
  }

  /** Why an update arriving now is refused (nothing recorded), or undefined when it is accepted: see {@link refusalOfUpdate}. */
  refuseUpdate(name: string, value: unknown): Error | undefined {
    if (this.status !== 'running') return new UpdateRefusedError(this.workflowName, this.workflowId, name, `the workflow is ${this.status}`);
    return refusalOfUpdate({
      workflowName: this.workflowName, workflowId: this.workflowId, declarations: this.workflowClass.updates, workflow: this.broken ? undefined : this.workflowObject,
      readOnly: (validate) => this.whileValidating(name, validate),
    }, name, value);
  }

  /** The `UpdateCompleted` of the handlers that settled since the last call and are not recorded yet. */
  takeUpdateOutcomes(): HistoryEvent[] {
    const settled = this.settledUpdates;
    if (!settled || settled.length === 0) return [];
    this.settledUpdates = undefined;
    return settled;
  }

  /** @internal How the code ended; the first outcome stands (an unhandled rejection may have come first). */
  codeSettled(outcome: CodeOutcome): void {
    if (!this.outcomeOfCode.done) this.outcomeOfCode = outcome;
  }

  /** The `VersionMarked` decided since the last call, to be recorded. */
  takeVersionMarkers(): VersionMarkedEvent[] {
    return this.versionMarkers ? this.versionMarkers.take() : [];
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
    if (event.type === 'SignalReceived' || event.type === 'ReceiveStarted') noteBufferUse((this.bufferUses ??= { buffered: new WeakSet(), taken: new WeakMap() }), this.state, event);
    if (this.broken) {
      evolve(this.state, event);
      return false;
    }
    if (isCommandEvent(event)) {
      if (mode === 'replay') this.matchRecorded(event);
      if (event.type !== 'ReceiveStarted') {
        evolve(this.state, event);
        return false;
      }
      const taken = this.state.signals.takenBy(event);
      if (this.pendingTakes) for (const { n } of taken) this.pendingTakes.delete(n);
      evolve(this.state, event);
      // A signal applied after the receive was made and before it is recorded is the fold's to give it: so is it the code's.
      const deferred = this.deferreds.get(event.seq);
      if (taken.length === 0 || deferred?.status() !== 'ongoing') return false;
      deferred.complete(event.limit !== undefined ? taken.map(({ value }) => value) : taken[0]!.value);
      this.deferreds.delete(event.seq);
      return true;
    }
    if (event.type === 'SignalReceived') {
      const target = this.state.signals.targetOf(event);
      evolve(this.state, event);
      if (target) {
        this.filters?.delete(target.seq);
        this.deferreds.get(target.seq)?.complete(target.limit !== undefined ? [event.value] : event.value);
        // A receive gets one outcome (a claim made again holds its deferred): kept, a workflow of many signals would grow.
        this.deferreds.delete(target.seq);
      }
      return true;
    }
    evolve(this.state, event);
    switch (event.type) {
      case 'UpdateAccepted':
        if (!this.workflowObject) return false;
        runUpdateHandler(this.workflowObject, event, (completed) => (this.settledUpdates ??= []).push(completed));
        return true;
      case 'UpdateCompleted': {
        // On replay the handler settled again: what it settled with is recorded already.
        const at = this.settledUpdates?.findIndex((settled) => settled.updateId === event.updateId) ?? -1;
        if (at >= 0) this.settledUpdates!.splice(at, 1);
        return false;
      }
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
      default:
        return false;
    }
  }

  private matchRecorded(recorded: CommandEvent): void {
    if (this.replayCheck === 'none') {
      // No check: the recorded command stands for whatever the code asked at its step (its outcome goes there by seq).
      const at = this.produced.findIndex((produced) => produced.seq === recorded.seq);
      if (at >= 0) this.produced.splice(at, 1);
      return;
    }
    const produced = this.produced.shift();
    if (!produced || !commandsMatch(this.replayCheck, produced, recorded)) {
      throw new NonDeterminismError(this.workflowId, recorded.seq, describeCommand(recorded), produced ? describeCommand(produced) : 'no command');
    }
  }

  private command<T>(event: CommandEvent): Deferred<T> {
    const deferred = new HostedDeferred<T>(this.rejections);
    this.deferreds.set(event.seq, deferred as Deferred<unknown>);
    this.produce(event);
    return deferred;
  }

  /** Code that runs on after the workflow ended (a branch nobody awaited) asks for nothing more. */
  private produce(event: CommandEvent): boolean {
    if (this.status !== 'running' && this.status !== 'blocked') return false;
    this.produced.push(event);
    return true;
  }

  // ---- WorkflowContext: what workflow code calls ----

  now(): number {
    return this.time;
  }

  random(): number {
    this.refuseInQuery('random()');
    return (this.nextRandom ??= seededRandom(this.workflowId))();
  }

  inline<T>(fn: () => T): T {
    this.refuseInQuery('a side effect (inline)');
    const seq = this.nextSeq++;
    const { event, outcome } = takeSideEffect(this.workflowId, seq, this.recordedEffects?.at(seq), fn);
    this.produce(event);
    if (outcome.ok) return outcome.value as T;
    if (outcome.fatal) this.codeSettled({ done: true, ok: false, error: outcome.error });
    throw outcome.error;
  }

  version(changeId: string, maxSupported: number, minSupported: number): number {
    const markers = (this.versionMarkers ??= new VersionMarkers());
    if (!markers.knows(changeId)) this.refuseInQuery(`version(${JSON.stringify(changeId)})`);
    try {
      return markers.versionOf(this.workflowId, changeId, { minSupported, maxSupported }, this.replaying);
    } catch (unsupported) {
      // Like non-determinism, this blocks the workflow (the code is not run on), whatever the code does with the throw.
      this.broken ??= unsupported as Error;
      throw unsupported;
    }
  }

  continueAsNew(args: readonly unknown[]): Promise<never> {
    this.refuseInQuery('continueAsNew');
    const copied = serializable(args, `the arguments of continueAsNew of ${this.workflowName}`) as unknown[];
    return continueAsNewThenable(new ContinueAsNewRequest(this.workflowName, this.workflowId, copied));
  }

  uuid(): string {
    this.refuseInQuery('uuid()');
    return uuidFrom(`${this.run}/uuid/${this.uuids++}`);
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

  sendSignal(workflowName: string, workflowId: string, channel: string, value: unknown): Deferred<void> {
    this.refuseInQuery(`a signal to ${workflowName}.${channel}`);
    const seq = this.nextSeq++;
    const deferred = this.command<void>({ type: 'SignalSent', seq, workflowName, workflowId, channel, value: serializable(value, `the signal to ${workflowName}.${channel}`) });
    // Sent once recorded; nothing comes back to wait for. Kept, a workflow that sends many would grow.
    deferred.complete(undefined);
    this.deferreds.delete(seq);
    return deferred;
  }

  receive(channel: string, options: ReceiveOptions = {}): Deferred<unknown> {
    this.refuseInQuery(`a receive on channel ${channel}`);
    const seq = this.nextSeq++;
    const deferred = new HostedDeferred<unknown>(this.rejections);
    this.deferreds.set(seq, deferred);
    this.claim(channel, seq, options, deferred);
    return deferred;
  }

  /**
   * A receive takes the buffered signals it may (which, and how many, its `ReceiveStarted` says) or waits in
   * line; having lost a race and being awaited again, it claims anew with the same seq, behind the others.
   */
  private claim(channel: string, seq: number, options: ReceiveOptions, deferred: Deferred<unknown>): void {
    const { filter, limit } = options;
    let taken: ReturnType<typeof firstTakes>;
    try {
      const copied = filter && ((value: unknown) => (filter as (value: unknown) => boolean)(jsonCopy(value)));
      taken = firstTakes(this.state.signals.bufferedOf(channel), this.pendingTakes, copied, limit ?? 1);
    } catch (error) {
      this.codeSettled({ done: true, ok: false, error });
      return;
    }
    const event: CommandEvent = {
      type: 'ReceiveStarted', seq, channel,
      ...(filter ? { filtered: true as const } : {}), ...(limit !== undefined ? { limit } : {}), ...(filter && taken.length > 0 ? { took: taken.map(({ n }) => n) } : {}),
    };
    if (!this.produce(event)) return;
    if (taken.length > 0) {
      this.pendingTakes ??= new Set();
      for (const { n } of taken) this.pendingTakes.add(n);
      deferred.complete(limit !== undefined ? taken.map(({ value }) => value) : taken[0]!.value);
      this.deferreds.delete(seq);
      return;
    }
    if (filter) (this.filters ??= new Map()).set(seq, filter as (value: unknown) => boolean);
    deferred.whenLost(new ReceiveClaim(this, channel, seq, options, deferred));
  }

  /** @internal A receive that lost a race is awaited again: it claims the channel anew, behind the others. */
  reclaim(channel: string, seq: number, options: ReceiveOptions, deferred: Deferred<unknown>): void {
    this.deferreds.set(seq, deferred);
    this.claim(channel, seq, options, deferred);
  }

  /** @internal A receive that lost a race leaves its channel's line, recorded (`ReceiveReleased`): the next signal is the next one's. */
  release(channel: string, seq: number): void {
    this.filters?.delete(seq);
    this.produce({ type: 'ReceiveReleased', seq, channel });
  }

  /**
   * @internal The filtered receive that a signal arriving now goes to (the oldest waiting one whose filter takes
   * it, when no receive without a filter is before it in line); undefined when the fold's rule places it.
   * A filter that throws fails the workflow (the signal is then buffered).
   */
  routeSignal(channel: string, value: unknown): number | undefined {
    try {
      return routeSignal(this.state.signals.lineOf(channel), this.filters, value === undefined ? value : jsonCopy(value));
    } catch (error) {
      this.codeSettled({ done: true, ok: false, error });
      return undefined;
    }
  }
}
