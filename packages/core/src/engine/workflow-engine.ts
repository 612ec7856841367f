import { hasErrorCode } from '../errors/cadenza-error';
import { NonDeterminismError } from '../errors/non-determinism-error';
import { WorkflowNotFailedError } from '../errors/workflow-not-failed-error';
import type { Envelope } from '../model/envelope';
import { toErrorData } from '../model/error-data';
import type { HistoryEvent, HistoryEventOf } from '../model/history-events';
import type { MessageOf, WorkflowMessage, WorkflowOutcome } from '../model/messages';
import { invalidTopicField, type Names, workflowRunId } from '../model/names';
import { isValidTag } from '../model/tags';
import type { Clock } from '../ports/clock.port';
import type { DeleteOptions, HistoryStore, ReadOptions, Revision, TagIndexEntry } from '../ports/history-store.port';
import type { Logger } from '../ports/logger.port';
import type { Delivery, PublishOptions, Transport } from '../ports/transport.port';
import { WorkflowVersionUnknownError } from '../errors/workflow-version-unknown-error';
import type { RecordedEvent } from './stored-history';
import type { WorkflowClass } from '../workflow/workflow';
import { startOf } from './evolve';
import { type RecheckPolicy, recheckOf } from './recheck-policy';
import type { WorkflowVersions } from './workflow-versions';
import { AppendBatcher } from './append-batcher';
import { deadLetterFor, misroutedEvent } from './dead-letter';
import { LruCache } from './lru-cache';
import { answerAbsent, answerEnded } from './absent-instance';
import { decodeEndedWorkflow, endedWorkflowOf, isAcceptedRequest } from './ended-workflow';
import { inboundEvents } from './inbound-events';
import { type Outgoing, type OutgoingOptions, outgoingFor, replyTo } from './outgoing-messages';
import { abandonedByContinue } from './continue-abandoned';
import { rebuildState, replay } from './replay';
import { decideRetry } from './retry-decision';
import { decideRetryTasks, operationIdsOf } from './retry-tasks';
import { answerState, isStateQuery } from './workflow-state-view';
import { refuseMethod } from './method-start';
import { progress } from './progress';
import { refusedSignalDeadLetter, refusedSignalReason } from './refused-signal';
import { updateOutcomeOf } from './update-outcomes';
import { answerQuery } from './query-answer';
import { settle } from './settle';
import { refuseInvalidArguments } from './start-arguments';
import { startConflict } from './start-conflict';
import { stillPending } from './still-pending';
import { decodeStoredEvent, toNewEvents } from './stored-history';
import { roundOf, workflowEventsFor } from './workflow-events';
import { WorkflowInstance } from './workflow-instance';
import { currentRunOf, firstStartOf, startNextRun, trimPreviousRuns } from './continue-run';
import { noteApplied } from './workflow-state';

export interface WorkflowEngineOptions {
  /** The classes of the workflow, by version: new instances start on the newest, running ones replay with theirs. */
  readonly versions: WorkflowVersions;
  /** How a blocked instance is rechecked (see {@link RecheckPolicy}); none: it waits for `retry` or its next message. */
  readonly recheck?: Required<RecheckPolicy>;
  readonly transport: Transport;
  readonly history: HistoryStore;
  readonly names: Names;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Live instances kept in memory; a miss costs a replay. */
  readonly cacheSize: number;
  /** Keep the history of ended workflows instead of deleting it. */
  readonly retainHistory: boolean;
  /** How long the outcome of an ended workflow is kept beside its tombstone (then a sweep removes both). */
  readonly outcomeRetentionMs: number;
  /** Publish each step's history events to the events topic (`WorkflowEvents`). */
  readonly publishEvents: boolean;
}

/** A stream with no events: never written, or cleared (with what was kept of the ended workflow). */
interface Cleared {
  readonly revision: 'deleted' | 'no-stream';
  readonly outcome?: unknown;
}

const WORKFLOW_KINDS = new Set(['RecheckWorkflow', 'RunWorkflow', 'WaitWorkflow', 'RetryWorkflow', 'CancelWorkflow', 'SendSignal', 'TaskCompleted', 'TaskFailed', 'TimerFired', 'ChildWorkflowCompleted', 'ChildWorkflowFailed', 'TimeoutFired', 'CompleteDelegatedTask', 'RunMethod', 'QueryWorkflow', 'UpdateWorkflow', 'RetryTasks', 'CompleteTimers']);
const MAX_CONFLICT_RETRIES = 8;
/** The engine never changes what it reads nor what it publishes (the ports' "Events are values" and "Envelopes are values"). */
const READ_ONLY: ReadOptions = { readOnly: true };
/** Nor what it keeps of an ended workflow: the outcome is made for the store and never changed again. */
const HANDED_OVER: DeleteOptions = { handedOver: true };
const PUBLISH_HANDED_OVER: PublishOptions = { handedOver: true };

/**
 * Handles the messages of one workflow class. For each: load the instance (from the cache, else by
 * replaying its history), drop it if already applied (republishing what it caused), else decide the new
 * events, append them at the loaded revision, publish what they call for, and only then acknowledge.
 *
 * Key ownership: the transport may move a key to another engine and back (a rebalance) without telling
 * this one, so a cached instance may be stale. The engine never acknowledges on a cache it cannot prove
 * fresh: a decision that appends is proven by the append at the expected revision (a conflict reloads),
 * and a decision that appends nothing (a duplicate, a step that is not open, a reply from state) is first
 * checked against the store's revision and taken again from history when the revision moved.
 */
export class WorkflowEngine {
  readonly workflowName: string;
  private readonly cache: LruCache<string, WorkflowInstance>;
  private readonly appends: AppendBatcher;
  private readonly log: Logger;
  /** The run goes on task messages only for the events they may cause. */
  private readonly outgoing: OutgoingOptions;

  constructor(private readonly o: WorkflowEngineOptions) {
    this.outgoing = o.recheck ? { stampRun: o.publishEvents, recheck: o.recheck } : { stampRun: o.publishEvents };
    this.workflowName = o.versions.workflowName;
    this.cache = new LruCache(o.cacheSize);
    this.appends = new AppendBatcher(o.history);
    this.log = o.logger.child({ component: 'workflow-engine', workflow: this.workflowName });
  }

  /** The transport's handler for `workflow.<Name>`. */
  readonly handle = async (delivery: Delivery): Promise<void> => {
    const { envelope } = delivery;
    const message = envelope.message;
    if (!WORKFLOW_KINDS.has(message.kind) || (message as WorkflowMessage).workflowName !== this.workflowName) {
      await this.deadLetter(delivery, misroutedEvent(message.kind, delivery.topic, this.o.names)
        ?? `a ${message.kind} message${'workflowName' in message ? ` for ${message.workflowName}` : ''} does not belong on ${delivery.topic}`);
      return;
    }
    const badName = invalidTopicField(message, this.o.names);
    if (badName) return this.deadLetter(delivery, badName.message);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.process(envelope, message as WorkflowMessage);
        return;
      } catch (error) {
        this.cache.delete((message as WorkflowMessage).workflowId);
        if (hasErrorCode(error, 'CONCURRENCY') && attempt < MAX_CONFLICT_RETRIES) continue;
        this.log.error({ err: error, messageId: envelope.id, kind: message.kind, workflowId: (message as WorkflowMessage).workflowId }, 'workflow message failed; it will be redelivered');
        await this.refuseIfDeterministic(envelope, message as WorkflowMessage, error);
        throw error;
      }
    }
  };

  /**
   * A requester waits for an answer: when the message fails in a way no redelivery can change (a history
   * that does not decode), it is told so now, while the message still goes on to the dead letter.
   */
  private async refuseIfDeterministic(envelope: Envelope, message: WorkflowMessage, error: unknown): Promise<void> {
    const replyTopic = 'replyTo' in message ? message.replyTo : undefined;
    if (replyTopic === undefined || !hasErrorCode(error, 'CORRUPT_HISTORY')) return;
    const ref = { workflowName: this.workflowName, workflowId: message.workflowId };
    await this.publish([replyTo(ref, replyTopic, envelope.id, { status: 'refused', error: toErrorData(error) }, this.o.clock.now())]).catch(() => undefined);
  }

  /** Forgets every live instance (they are rebuilt from history when needed). */
  clearCache(): void {
    this.cache.clear();
  }

  private async process(envelope: Envelope, message: WorkflowMessage): Promise<void> {
    const { workflowId } = message;
    const stream = this.o.names.workflowStream(this.workflowName, workflowId);
    if (message.kind === 'RecheckWorkflow') return this.recheck(stream, envelope, message);
    const cached = this.cache.get(workflowId);
    let instance = cached;
    if (!instance) {
      const loaded = await this.load(stream, workflowId);
      if (!(loaded instanceof WorkflowInstance)) {
        if (loaded.revision === 'no-stream' && message.kind === 'RunWorkflow') return this.start(stream, envelope, message);
        if (loaded.revision === 'no-stream' && message.kind !== 'RunWorkflow') this.log.debug({ kind: message.kind, workflowId }, 'message for a workflow that does not exist');
        return this.answerCleared(envelope, message, loaded);
      }
      instance = loaded;
      this.cache.set(workflowId, instance);
    }
    // Every path below that appends nothing first proves a cached instance fresh; an append proves it by its expected revision.
    const redoIfStale = async (): Promise<boolean> => {
      if (!cached || !(await this.moved(stream, cached))) return false;
      this.log.debug({ messageId: envelope.id, workflowId }, 'cached instance is stale (another engine moved it on); deciding again from history');
      this.cache.delete(workflowId);
      await this.process(envelope, message);
      return true;
    };
    if (message.kind === 'QueryWorkflow') {
      if (await redoIfStale()) return;
      if (isStateQuery(message)) return this.publish(await answerState(instance, envelope, message, this.o.clock.now()));
      return this.publish(await answerQuery(instance.workflowClass, instance, envelope, message, this.o.clock.now()));
    }

    const already = instance.applied.get(envelope.id);
    if (already) {
      if (await redoIfStale()) return;
      this.log.debug({ messageId: envelope.id }, 'message already applied; republishing what it caused that is still pending');
      // The request's own reply went out with the first handling; its publish may be what failed.
      const replyTopic = isAcceptedRequest(message.kind) && 'replyTo' in message ? message.replyTo : undefined;
      const accepted = replyTopic === undefined ? [] : [replyTo({ workflowName: this.workflowName, workflowId }, replyTopic, envelope.id, { status: 'accepted' }, this.o.clock.now())];
      // A copy of an update whose answer went out (its result, or abandoned at the end) gets that answer again.
      const updated = message.kind === 'UpdateWorkflow' && message.replyTo !== undefined ? updateOutcomeOf(instance, envelope.id) : undefined;
      if (updated && message.kind === 'UpdateWorkflow') accepted.push(replyTo({ workflowName: this.workflowName, workflowId }, message.replyTo!, envelope.id, updated, this.o.clock.now()));
      // A copy of a retryTasks or completeTimers gets the ids its first copy retried or completed.
      if ((message.kind === 'RetryTasks' || message.kind === 'CompleteTimers') && message.replyTo !== undefined) {
        accepted.push(replyTo({ workflowName: this.workflowName, workflowId }, message.replyTo, envelope.id, { status: 'completed', result: operationIdsOf(workflowId, already) }, this.o.clock.now()));
      }
      await this.publish([...outgoingFor(instance, stillPending(instance, already), envelope.id, envelope.at, this.o.names, this.outgoing), ...accepted, ...this.eventsOf(instance, already, envelope.id)]);
      if (instance.status === 'completed' || instance.status === 'canceled') await this.end(stream, instance);
      return;
    }
    if (message.kind === 'RetryWorkflow') return this.retry(stream, envelope, message);
    // The child that failed this workflow was retried on its own and reports again: that retries the parent.
    if ((message.kind === 'ChildWorkflowCompleted' || message.kind === 'ChildWorkflowFailed') && instance.status === 'failed'
      && instance.failedSeq === message.seq && instance.children.has(message.seq)) return this.retry(stream, envelope, message);
    if (instance.status === 'completed' || instance.status === 'canceled') {
      if (await redoIfStale()) return;
      const ended = endedWorkflowOf(instance);
      return ended ? this.publish(answerEnded(ended, { workflowName: this.workflowName, workflowId }, envelope, message, this.o.names, this.o.clock.now())) : undefined;
    }
    if (message.kind === 'RetryTasks') return this.retryTasks(stream, envelope, message);

    const now = this.o.clock.now();
    if (message.kind === 'RunWorkflow') {
      const conflict = startConflict({ workflowName: this.workflowName, workflowId, started: firstStartOf(instance.started) }, envelope, message, this.o.names, now);
      if (conflict.length > 0) {
        if (await redoIfStale()) return;
        return this.publish(conflict);
      }
    }
    if (message.kind === 'RunMethod') {
      const refusal = refuseMethod(instance.workflowClass, instance, envelope, message, this.o.names, now);
      if (refusal.length > 0) {
        if (await redoIfStale()) return;
        return this.publish(refusal);
      }
    }
    instance.time = now;
    const { events: inbound, replies, refusedSignal } = inboundEvents(instance, envelope, message);
    if (refusedSignal && message.kind === 'SendSignal') replies.push(this.refusedSignal(envelope, message, refusedSignal, now));
    const decided: HistoryEvent[] = [];
    for (const event of inbound) {
      decided.push(event);
      if (instance.apply(event, 'live')) await settle();
    }
    decided.push(...progress(instance));
    if (decided.length === 0) {
      if (await redoIfStale()) return;
      return this.publish(replies);
    }

    await this.record(stream, instance, decided, envelope.id, now, replies);
  }

  /**
   * `retry` decides from the stored history, never from a cache: the retry and the steps the code then
   * takes are one append, so a crash between them cannot leave the retry recorded and its steps lost.
   * The outcome of a failed child that was retried on its own retries its parent the same way, then applies.
   */
  private async retry(stream: string, envelope: Envelope, message: Extract<WorkflowMessage, { kind: 'RetryWorkflow' | 'ChildWorkflowCompleted' | 'ChildWorkflowFailed' }>): Promise<void> {
    const { workflowId } = message;
    const replyTopic = message.kind === 'RetryWorkflow' ? message.replyTo : undefined;
    this.cache.delete(workflowId);
    const read = await this.o.history.read(stream, READ_ONLY);
    if (read.revision === 'deleted' || read.revision === 'no-stream') return this.answerCleared(envelope, message, { revision: read.revision, outcome: read.outcome });
    const now = this.o.clock.now();
    const recorded = currentRunOf(read.events.map((stored) => decodeStoredEvent(stream, stored)));
    const ref = { workflowName: this.workflowName, workflowId };
    const versioned = this.o.versions.of(startOf(workflowId, recorded), workflowId);
    if (versioned instanceof WorkflowVersionUnknownError) {
      return this.publish(replyTopic === undefined ? [] : [replyTo(ref, replyTopic, envelope.id, { status: 'refused', error: toErrorData(versioned) }, now)]);
    }
    const decision = await decideRetry(versioned.workflowClass, workflowId, recorded, read.revision, { causationId: envelope.id, at: now }, { replayCheck: versioned.replayCheck });
    if (decision.kind === 'refused') {
      const refusal = new WorkflowNotFailedError(this.workflowName, workflowId, decision.status === 'running' ? 'is running' : `has ${decision.status}`);
      return this.publish(replyTopic === undefined ? [] : [replyTo(ref, replyTopic, envelope.id, { status: 'refused', error: toErrorData(refusal) }, now)]);
    }
    const { instance, events } = decision;
    instance.time = now;
    // The replay saw the retry's events as recorded; record() files them under this message once appended.
    instance.applied.delete(envelope.id);
    const decided = [...events];
    if (message.kind !== 'RetryWorkflow') {
      for (const event of inboundEvents(instance, envelope, message).events) {
        decided.push(event);
        if (instance.apply(event, 'live')) await settle();
      }
    }
    decided.push(...progress(instance));
    const accepted = replyTopic === undefined ? [] : [replyTo(ref, replyTopic, envelope.id, { status: 'accepted' }, now)];
    await this.record(stream, instance, decided, envelope.id, now, accepted);
    if (instance.status === 'running') this.cache.set(workflowId, instance);
  }

  /**
   * `retryTasks`, like `retry`, decides from the stored history, never from a cache, and records the retries
   * with the steps the code then takes in one append. Nothing selected: the answer is an empty list, nothing recorded.
   */
  private async retryTasks(stream: string, envelope: Envelope, message: MessageOf<'RetryTasks'>): Promise<void> {
    const { workflowId, replyTo: replyTopic } = message;
    this.cache.delete(workflowId);
    const read = await this.o.history.read(stream, READ_ONLY);
    if (read.revision === 'deleted' || read.revision === 'no-stream') return this.answerCleared(envelope, message, { revision: read.revision, outcome: read.outcome });
    const now = this.o.clock.now();
    const recorded = currentRunOf(read.events.map((stored) => decodeStoredEvent(stream, stored)));
    const ref = { workflowName: this.workflowName, workflowId };
    const answer = (outcome: WorkflowOutcome): Outgoing[] => (replyTopic === undefined ? [] : [replyTo(ref, replyTopic, envelope.id, outcome, now)]);
    const versioned = this.o.versions.of(startOf(workflowId, recorded), workflowId);
    if (versioned instanceof WorkflowVersionUnknownError) return this.publish(answer({ status: 'refused', error: toErrorData(versioned) }));
    const decision = await decideRetryTasks(
      versioned.workflowClass, this.workflowName, workflowId, recorded, read.revision, { causationId: envelope.id, at: now }, message, { replayCheck: versioned.replayCheck },
    );
    if (decision.kind === 'refused') return this.publish(answer({ status: 'refused', error: toErrorData(decision.error) }));
    if (decision.kind === 'none') return this.publish(answer({ status: 'completed', result: [] }));
    const { instance, events, taskIds } = decision;
    instance.time = now;
    // The replay saw the retries as recorded; record() files them under this message once appended.
    instance.applied.delete(envelope.id);
    await this.record(stream, instance, [...events, ...progress(instance)], envelope.id, now, answer({ status: 'completed', result: taskIds }));
    if (instance.status === 'running' || instance.status === 'failed') this.cache.set(workflowId, instance);
  }

  /**
   * True when the stored history moved past the cached instance: another engine owned the key meanwhile
   * (a rebalance moved it away and back). Read only on the rare paths that append nothing.
   */
  private async moved(stream: string, instance: WorkflowInstance): Promise<boolean> {
    const { revision } = await this.o.history.read(stream, READ_ONLY);
    return revision !== instance.revision;
  }

  /** A new instance: record its start and run it until it first waits. */
  private async start(stream: string, envelope: Envelope, message: Extract<WorkflowMessage, { kind: 'RunWorkflow' }>): Promise<void> {
    const now = this.o.clock.now();
    const { workflowClass, version, explicit, replayCheck } = this.o.versions.newest;
    const refusal = refuseInvalidArguments(workflowClass, envelope, message, this.o.names, now);
    if (refusal.length > 0) return this.publish(refusal);
    const { method, args, tags, meta, parent } = message;
    // Two literals, not a spread: a spread leaves the event an out-of-object property array, kept as long as the instance.
    const started: HistoryEventOf<'WorkflowStarted'> = parent
      ? { type: 'WorkflowStarted', workflowName: this.workflowName, method, args, tags, meta, parent }
      : { type: 'WorkflowStarted', workflowName: this.workflowName, method, args, tags, meta };
    // A version only when the registration named one: histories of unversioned classes stay as they were.
    if (explicit) started.version = version;
    const instance = new WorkflowInstance(workflowClass, started, message.workflowId);
    instance.replayCheck = replayCheck;
    instance.run = workflowRunId(this.workflowName, message.workflowId, { causationId: envelope.id, at: now });
    instance.time = now;
    const decided: HistoryEvent[] = [started];
    instance.apply(started, 'live');
    await settle();
    if (message.replyTo !== undefined) {
      const waiter: HistoryEvent = { type: 'WaiterAdded', replyTo: message.replyTo, requestId: envelope.id };
      instance.apply(waiter, 'live');
      decided.push(waiter);
    }
    decided.push(...progress(instance));
    this.cache.set(message.workflowId, instance);
    await this.record(stream, instance, decided, envelope.id, now, []);
  }

  /** Appends what was decided, publishes what it calls for, and ends the instance if it finished. */
  private async record(stream: string, instance: WorkflowInstance, decided: HistoryEvent[], causationId: string, at: number, replies: Outgoing[]): Promise<void> {
    if (instance.state.continuedAs) return this.recordContinued(stream, instance, decided, causationId, at, replies);
    const events = toNewEvents(stream, decided, { causationId, at }, instance.applied.get(causationId)?.length ?? 0);
    const revision = await this.appends.append(stream, events, instance.revision, instance.revision === 'no-stream' ? this.tagIndexOf(instance) : undefined);
    instance.revision = revision;
    noteApplied(instance.state, causationId, decided);
    const firstIndex = revision - decided.length + 1;
    // Positions feed the events topic; with publishing off only the ending's is kept (for client.history's id of it).
    if (this.o.publishEvents) decided.forEach((event, i) => instance.placeEvent(event, { index: firstIndex + i, at, ...roundOf(instance, event) }));
    else if (instance.ending && decided.includes(instance.ending)) instance.placeEvent(instance.ending, { index: firstIndex + decided.indexOf(instance.ending), at });
    const outgoing = outgoingFor(instance, decided, causationId, at, this.o.names, this.outgoing);
    if (replies.length > 0) outgoing.push(...replies);
    if (this.o.publishEvents) outgoing.push(...this.eventsOf(instance, decided, causationId));
    await this.publish(outgoing);
    if (instance.status === 'completed' || instance.status === 'canceled') await this.end(stream, instance);
  }

  /**
   * The run continued as new: its last events and the next run's start are one append (no signal falls between
   * them), then the next run is the live instance and the runs before it are trimmed where the store can.
   */
  private async recordContinued(
    stream: string, instance: WorkflowInstance, decided: HistoryEvent[], causationId: string, at: number, replies: Outgoing[],
    // The events this message appended before (to earlier runs too): their ids must not come again.
    before = instance.applied.get(causationId)?.length ?? 0,
  ): Promise<void> {
    // The next run is a new start: it runs on the newest registered version, as a new instance would.
    const next = await startNextRun(this.o.versions.newest, instance, causationId, at);
    const all = [...decided, ...next.events];
    const events = toNewEvents(stream, all, { causationId, at }, before);
    // A run that continues before its first append (it continued at its start) is the stream's first append: it
    // writes the tag index, as a first `record` does.
    const revision = await this.appends.append(stream, events, instance.revision, instance.revision === 'no-stream' ? this.tagIndexOf(instance) : undefined);
    noteApplied(instance.state, causationId, decided);
    next.instance.revision = revision;
    noteApplied(next.instance.state, causationId, next.events);
    const firstIndex = revision - all.length + 1;
    if (this.o.publishEvents) {
      decided.forEach((event, i) => instance.placeEvent(event, { index: firstIndex + i, at }));
      next.events.forEach((event, i) => next.instance.placeEvent(event, { index: firstIndex + decided.length + i, at, ...roundOf(next.instance, event) }));
    }
    const outgoing = [
      ...outgoingFor(instance, decided, causationId, at, this.o.names, this.outgoing), ...abandonedByContinue(instance, at, this.o.names),
      ...outgoingFor(next.instance, next.events, causationId, at, this.o.names, this.outgoing), ...replies,
      ...this.eventsOf(instance, decided, causationId), ...this.eventsOf(next.instance, next.events, causationId),
    ];
    this.cache.set(instance.workflowId, next.instance);
    await this.publish(outgoing);
    await trimPreviousRuns(this.o.history, stream, firstIndex + decided.length);
    if (next.instance.state.continuedAs) return this.recordContinued(stream, next.instance, [], causationId, at, [], before + all.length);
    if (next.instance.status === 'completed' || next.instance.status === 'canceled') await this.end(stream, next.instance);
  }

  /** Answers a message for an id with no history: from the outcome kept beside its tombstone, else as absent. */
  private answerCleared(envelope: Envelope, message: WorkflowMessage, cleared: Cleared): Promise<void> {
    const now = this.o.clock.now();
    const ended = cleared.revision === 'deleted' ? decodeEndedWorkflow(cleared.outcome) : undefined;
    if (cleared.revision === 'deleted' && cleared.outcome !== undefined && !ended) this.log.warn({ workflowId: message.workflowId }, 'the kept outcome of an ended workflow does not decode; answering as if none was kept');
    if (ended) return this.publish(answerEnded(ended, { workflowName: this.workflowName, workflowId: message.workflowId }, envelope, message, this.o.names, now));
    return this.publish(answerAbsent(envelope, message, cleared.revision, this.o.names, now));
  }

  /** Reads and replays a history; a history the code no longer matches is rebuilt without running the code. */
  private async load(stream: string, workflowId: string): Promise<WorkflowInstance | Cleared> {
    const read = await this.o.history.read(stream, READ_ONLY);
    if (read.revision === 'deleted' || read.revision === 'no-stream') return { revision: read.revision, outcome: read.outcome };
    const recorded = currentRunOf(read.events.map((stored) => decodeStoredEvent(stream, stored)));
    const versioned = this.o.versions.of(startOf(workflowId, recorded), workflowId);
    if (versioned instanceof WorkflowVersionUnknownError) return this.blocked(this.o.versions.newest.workflowClass, workflowId, recorded, read.revision, versioned);
    try {
      const instance = await replay(versioned.workflowClass, workflowId, recorded, read.revision, { replayCheck: versioned.replayCheck });
      if (instance.broken) this.log.error({ err: instance.broken, workflowId }, 'workflow code does not support the version its history recorded; the workflow is blocked until code that does runs it');
      return instance;
    } catch (error) {
      if (!(error instanceof NonDeterminismError)) throw error;
      return this.blocked(versioned.workflowClass, workflowId, recorded, read.revision, error);
    }
  }

  /** An instance this worker cannot run (its code no longer matches, or it lacks the instance's version): its state only, blocked by `error`. */
  private async blocked(workflowClass: WorkflowClass, workflowId: string, recorded: readonly RecordedEvent[], revision: Revision, error: Error): Promise<WorkflowInstance> {
    this.log.error({ err: error, workflowId }, 'this worker cannot run the workflow\'s history; the workflow is blocked until a worker that can runs it or it is retried');
    const instance = await rebuildState(workflowClass, workflowId, recorded, revision);
    instance.broken = error;
    return instance;
  }

  /**
   * A recheck of a blocked instance, always from the stored history: code that now matches takes the block back
   * and runs on (one append); an instance still blocked gets its next recheck, later. A recheck of a block that
   * was taken back (or of an instance that ended) is dropped.
   */
  private async recheck(stream: string, envelope: Envelope, message: MessageOf<'RecheckWorkflow'>): Promise<void> {
    const { workflowId } = message;
    if (!this.o.recheck) return;
    this.cache.delete(workflowId);
    const loaded = await this.load(stream, workflowId);
    if (!(loaded instanceof WorkflowInstance) || loaded.status !== 'blocked' || loaded.retries !== message.round) return;
    const now = this.o.clock.now();
    this.cache.set(workflowId, loaded);
    if (loaded.broken) return this.publish([recheckOf(loaded, message.round, message.attempt + 1, now, envelope.id, this.o.recheck, this.o.names)]);
    loaded.time = now;
    this.log.info({ workflowId }, 'the code matches the history of a blocked workflow again; it runs on');
    await this.record(stream, loaded, progress(loaded), envelope.id, now, []);
  }

  private async end(stream: string, instance: WorkflowInstance): Promise<void> {
    this.cache.delete(instance.workflowId);
    // A retained history stays, but an ended workflow is no longer listed under its tags.
    if (this.o.retainHistory) return this.untag(stream, instance);
    const ended = endedWorkflowOf(instance);
    await this.o.history.delete(stream, ended ? { outcome: ended, until: this.o.clock.now() + this.o.outcomeRetentionMs } : undefined, HANDED_OVER);
  }

  /** What the tag index records of a new instance: its valid tags (others are kept in history only), if any. */
  private tagIndexOf(instance: WorkflowInstance): TagIndexEntry | undefined {
    if (!this.o.history.capabilities.tags || instance.tags.length === 0) return undefined;
    const tags = instance.tags.filter(isValidTag);
    return tags.length === 0 ? undefined : { scope: this.o.names.tagScope(this.workflowName), id: instance.workflowId, tags };
  }

  private async untag(stream: string, instance: WorkflowInstance): Promise<void> {
    if (instance.tags.length > 0 && this.o.history.capabilities.tags && this.o.history.untag) await this.o.history.untag(stream);
  }

  /** The step's events for the events topic, when publishing them is on. */
  private eventsOf(instance: WorkflowInstance, events: readonly HistoryEvent[], causationId: string): Outgoing[] {
    return this.o.publishEvents ? workflowEventsFor(instance, events, causationId, this.o.names) : [];
  }

  private async publish(outgoing: readonly Outgoing[]): Promise<void> {
    // Most steps send one message: no array of promises for it.
    if (outgoing.length === 1) return this.publishOne(outgoing[0]!);
    await Promise.all(outgoing.map((one) => this.publishOne(one)));
  }

  private publishOne({ topic, envelope, key, deliverAt }: Outgoing): Promise<void> {
    const options: PublishOptions = deliverAt !== undefined
      ? (key !== undefined ? { handedOver: true, key, deliverAt } : { handedOver: true, deliverAt })
      : (key !== undefined ? { handedOver: true, key } : PUBLISH_HANDED_OVER);
    return this.o.transport.publish(topic, envelope, options);
  }

  /** A signal its target refused with nobody to answer (a workflow's `this.send`): a warning, and its dead letter. */
  private refusedSignal(envelope: Envelope, message: MessageOf<'SendSignal'>, error: Error, at: number): Outgoing {
    const reason = refusedSignalReason(this.workflowName, message, error);
    this.log.warn({ messageId: envelope.id, workflowId: message.workflowId, channel: message.channel, code: (error as { code?: string }).code }, `dead-lettering: ${reason}`);
    return refusedSignalDeadLetter(this.workflowName, envelope, message, reason, this.o.names, at, this.o.transport.capabilities.maxMessageBytes);
  }

  private async deadLetter(delivery: Delivery, reason: string): Promise<void> {
    this.log.error({ messageId: delivery.envelope.id, topic: delivery.topic }, `dead-lettering: ${reason}`);
    await this.o.transport.publish(this.o.names.deadLetterTopic(), deadLetterFor(delivery, reason, this.o.clock.now(), this.o.transport.capabilities.maxMessageBytes));
  }

}
