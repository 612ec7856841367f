import { TransportError } from '@cadenza/core';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { KafkaLogger } from '../support/kafka-logger';
import { toTransportError } from '../support/to-transport-error';
import { withTimeout } from '../support/with-timeout';
import type { ConsumedRecord, RecordSink } from './consumed-record';
import { deliveriesMetadata, type ReadCommitted, recordedDeliveries } from './crash-count';
import { OffsetTracker } from './offset-tracker';
import { beforeRejoin, staticMembership } from './rejoin-hook';

/** Options of a {@link GroupConsumer}. */
export interface GroupConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a group with no committed offset starts. */
  readonly fromBeginning: boolean;
  /** Records buffered in the sink before fetching pauses. */
  readonly maxBuffered: number;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly fetchMaxWaitMs: number;
  /** Longest a finished offset waits to share a commit, in ms; 0 commits at once. */
  readonly commitIntervalMs: number;
  readonly operationTimeoutMs: number;
  /** Join as a static member with this name (see {@link staticMembership}); dynamic when absent. */
  readonly groupInstanceId?: string;
  /** Count the deliveries of each partition's first record in its committed offset (see `crash-count.ts`);
   *  off when absent. */
  readonly readCommitted?: ReadCommitted;
}

interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

const tpKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/**
 * A kafkajs consumer that hands records on without waiting for them, so one partition's keys can run in
 * parallel, and commits per partition only below the lowest unfinished offset. kafkajs re-reads from the
 * committed offsets after every rebalance, so a rebalance starts a new generation: the sink drops what it
 * has not started, work already running finishes without committing, and everything uncommitted is read
 * again by whoever owns the partition now. Nothing is lost; some messages may be delivered twice.
 */
export class GroupConsumer {
  private readonly consumer: Consumer;
  private generation = 0;
  private readonly trackers = new Map<string, OffsetTracker>();
  private readonly paused = new Map<string, TopicPartition>();
  private readonly toCommit = new Map<string, TopicPartition & { offset: string }>();
  private committing: Promise<void> | undefined;
  private commitTimer: NodeJS.Timeout | undefined;
  /** A commit waiting in {@link toCommit} must not wait for the interval (see {@link finish}). */
  private commitNow = false;
  private closing = false;
  private removeRejoinHook: (() => void) | undefined;
  private readonly removeStaticMembership: (() => void) | undefined;
  private resumeCheck: NodeJS.Immediate | undefined;
  /** This generation's committed offsets with their metadata, by topic (read once per assignment). */
  private committed = new Map<string, Promise<ReadonlyMap<number, string | null>>>();
  /** The record handled alone (a crash-loop suspect), and what to call once it is finished. */
  private alone: { key: string; offset: number; done: () => void } | undefined;

  constructor(
    kafka: Kafka,
    private readonly options: GroupConsumerOptions,
    private readonly sink: RecordSink,
    private readonly logger: KafkaLogger,
    /** Called once if the consumer stops on its own (a non-retriable error); not after `close()`. */
    private readonly onFailed: (error: TransportError) => void = () => undefined,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: options.heartbeatIntervalMs,
      rebalanceTimeout: options.rebalanceTimeoutMs,
      maxWaitTimeInMs: options.fetchMaxWaitMs,
      allowAutoTopicCreation: false,
    });
    if (options.groupInstanceId !== undefined) this.removeStaticMembership = staticMembership(options.groupId, options.groupInstanceId);
    const { REBALANCING, GROUP_JOIN, CRASH } = this.consumer.events;
    // A rebalance begins: start nothing more. What runs finishes and commits before this member rejoins.
    this.consumer.on(REBALANCING, () => this.sink.reset());
    this.consumer.on(GROUP_JOIN, (event) => {
      this.newGeneration();
      this.removeRejoinHook?.();
      this.removeRejoinHook = beforeRejoin(options.groupId, event.payload.memberId, () => this.drainBeforeRejoin());
    });
    this.consumer.on(CRASH, (event) => {
      const { error, restart } = event.payload;
      this.logger.error({ group: options.groupId, error: String(error), restart }, 'kafka consumer crashed');
      // kafkajs restarts the consumer after a retriable error; after any other it has stopped for good.
      if (!restart && !this.closing) this.fail(error);
    });
  }

  /** Connects, joins the group and starts fetching; resolves once this member has joined. */
  async start(): Promise<void> {
    const what = `joining group ${this.options.groupId} on ${this.options.topics.join(', ')}`;
    try {
      await withTimeout(what, this.options.operationTimeoutMs, (async () => {
        await this.consumer.connect();
        await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning });
        await this.consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async (payload) => this.onBatch(payload),
        });
      })());
    } catch (error) {
      await this.consumer.disconnect().catch(() => undefined);
      throw toTransportError(what, error);
    }
  }

  /** True while `record` belongs to the current generation (its partition is still ours, not re-read). */
  isCurrent(record: ConsumedRecord): boolean {
    return record.generation === this.generation;
  }

  /** The sink is done with `record` (handled, dead-lettered or forwarded): commit what is now safe. */
  finish(record: ConsumedRecord): void {
    if (!this.isCurrent(record)) return;
    const key = tpKey(record.topic, record.partition);
    const tracker = this.trackers.get(key);
    if (!tracker) return;
    tracker.finish(Number(record.offset));
    if (this.alone?.key === key && this.alone.offset === Number(record.offset)) this.alone.done();
    const next = tracker.committable();
    if (next !== undefined) {
      this.toCommit.set(key, { topic: record.topic, partition: record.partition, offset: String(next) });
      // The first commit of a partition in a generation moves past the record whose deliveries were counted
      // (`countDelivery`): at once, so a crash of a later record is not counted against it.
      this.scheduleCommit(!tracker.hasCommitted);
    }
    if (this.paused.size > 0 && !this.resumeCheck) {
      // The sink still counts records that finish during this turn (several at once): look once they are gone.
      this.resumeCheck = setImmediate(() => {
        this.resumeCheck = undefined;
        if (!this.closing && this.sink.buffered <= this.options.maxBuffered / 2) this.resumeAll();
      });
    }
  }

  /** Stops fetching, lets the sink finish what runs, commits it, and leaves the group. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    try {
      this.consumer.pause(this.options.topics.map((topic) => ({ topic })));
    } catch {
      // Not running (start failed): nothing to pause.
    }
    await this.sink.stop();
    await this.flushCommits();
    this.removeRejoinHook?.();
    if (this.resumeCheck) clearImmediate(this.resumeCheck);
    this.cancelCommitTimer();
    this.removeStaticMembership?.();
    await this.consumer.disconnect().catch((error: unknown) => {
      this.logger.warn({ group: this.options.groupId, error: String(error) }, 'kafka consumer disconnect failed');
    });
  }

  /** The consumer stopped on its own: hand nothing more to the sink, release the rest, report it. */
  private fail(cause: unknown): void {
    this.closing = true;
    this.sink.reset();
    this.removeRejoinHook?.();
    this.removeStaticMembership?.();
    if (this.resumeCheck) clearImmediate(this.resumeCheck);
    this.cancelCommitTimer();
    void this.consumer.disconnect().catch(() => undefined);
    const error = toTransportError(`consuming as group ${this.options.groupId}`, cause);
    this.onFailed(error instanceof TransportError ? error : new TransportError(error.message, false, { cause: error }));
  }

  private async onBatch({ batch, resolveOffset, pause, heartbeat }: EachBatchPayload): Promise<void> {
    if (this.closing) return;
    const { topic, partition } = batch;
    const key = tpKey(topic, partition);
    let tracker = this.trackers.get(key);
    const first = tracker === undefined ? batch.messages[0] : undefined;
    if (!tracker) this.trackers.set(key, (tracker = new OffsetTracker()));
    const generation = this.generation;
    const priorDeliveries = first ? await this.countDelivery(topic, partition, first.offset) : 0;
    if (generation !== this.generation || this.closing) return; // rebalanced while counting: read again
    for (const message of batch.messages) {
      const offset = Number(message.offset);
      if (!tracker.accepts(offset)) continue;
      tracker.add(offset);
      const suspect = message === first && priorDeliveries > 0;
      this.sink.accept({
        topic, partition, offset: message.offset, generation,
        key: message.key === null ? undefined : message.key.toString('utf8'),
        value: message.value ?? Buffer.alloc(0),
        headers: message.headers,
        ...(suspect ? { priorDeliveries } : {}),
      });
      // A delivery of it already never ended: handle it alone, so that if it kills the process again no
      // other record is the one counted.
      if (suspect) await this.untilFinished(key, offset, heartbeat);
      if (generation !== this.generation || this.closing) return;
    }
    tracker.fetched(Number(batch.lastOffset()) + 1);
    resolveOffset(batch.lastOffset());
    if (this.sink.buffered >= this.options.maxBuffered) {
      pause();
      this.paused.set(key, { topic, partition });
    }
  }

  /**
   * Lets what runs finish and commits it before this member rejoins, so the next owner of a partition never
   * handles a key while it still runs here. Bounded so the member rejoins before its session expires;
   * past the bound, the rest finishes without committing and is redelivered.
   */
  private async drainBeforeRejoin(): Promise<void> {
    this.sink.reset();
    const { sessionTimeoutMs, heartbeatIntervalMs, rebalanceTimeoutMs } = this.options;
    const boundMs = Math.max(0, Math.min(sessionTimeoutMs - 2 * heartbeatIntervalMs, rebalanceTimeoutMs / 2));
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      this.sink.idle().then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), boundMs))),
    ]);
    clearTimeout(timer);
    if (!drained) this.logger.warn({ group: this.options.groupId, boundMs }, 'rejoining with handlers still running');
    await this.flushCommits();
  }

  /**
   * Before the first record of a partition after an assignment: reads how many deliveries of it never ended
   * (the committed offset's metadata) and commits one more, so a crash during this one is counted too.
   */
  private async countDelivery(topic: string, partition: number, offset: string): Promise<number> {
    const read = this.options.readCommitted;
    if (!read) return 0;
    try {
      let committed = this.committed.get(topic);
      if (!committed) this.committed.set(topic, (committed = read(this.options.groupId, topic)));
      const prior = recordedDeliveries((await committed).get(partition), offset);
      await this.flushCommits();
      await this.consumer.commitOffsets([{ topic, partition, offset, metadata: deliveriesMetadata(offset, prior + 1) }]);
      return prior;
    } catch (error) {
      this.committed.delete(topic);
      this.logger.warn({ group: this.options.groupId, topic, partition, error: String(error) }, 'kafka delivery count not recorded');
      return 0;
    }
  }

  /** Waits until the sink finished the record at `offset` (or the generation ended), heartbeating meanwhile. */
  private async untilFinished(key: string, offset: number, heartbeat: () => Promise<void>): Promise<void> {
    const generation = this.generation;
    let finished = false;
    const done = new Promise<void>((resolve) => {
      this.alone = { key, offset, done: () => {
        finished = true;
        resolve();
      } };
    });
    try {
      while (!finished && generation === this.generation && !this.closing) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([done, new Promise((resolve) => (timer = setTimeout(resolve, this.options.heartbeatIntervalMs)))]);
        clearTimeout(timer);
        if (!finished) await heartbeat();
      }
    } finally {
      this.alone = undefined;
    }
  }

  private newGeneration(): void {
    this.generation++;
    this.committed.clear();
    this.trackers.clear();
    this.toCommit.clear();
    this.cancelCommitTimer();
    this.sink.reset();
    this.resumeAll();
  }

  private resumeAll(): void {
    if (this.paused.size === 0) return;
    const byTopic = new Map<string, number[]>();
    for (const { topic, partition } of this.paused.values()) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
    this.paused.clear();
    this.consumer.resume([...byTopic].map(([topic, partitions]) => ({ topic, partitions })));
  }

  /** Commits what {@link toCommit} holds after `commitIntervalMs` (at once when `now`), one commit in flight at a time. */
  private scheduleCommit(now = false): void {
    if (now) this.commitNow = true;
    if (this.committing) return; // its end schedules what came meanwhile
    if (this.commitNow || this.options.commitIntervalMs === 0) {
      this.cancelCommitTimer();
      this.startCommit();
    } else {
      this.commitTimer ??= setTimeout(() => {
        this.commitTimer = undefined;
        this.startCommit();
      }, this.options.commitIntervalMs);
    }
  }

  private startCommit(): void {
    this.commitNow = false;
    this.committing ??= this.commitOnce().finally(() => {
      this.committing = undefined;
      if (this.toCommit.size > 0) this.scheduleCommit();
    });
  }

  private cancelCommitTimer(): void {
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
  }

  private async commitOnce(): Promise<void> {
    if (this.toCommit.size === 0) return;
    const generation = this.generation;
    const offsets = [...this.toCommit.values()];
    this.toCommit.clear();
    try {
      await this.consumer.commitOffsets(offsets);
      if (generation === this.generation) {
        for (const o of offsets) this.trackers.get(tpKey(o.topic, o.partition))?.committedAt(Number(o.offset));
      }
    } catch (error) {
      // A rebalance is under way: the new generation re-reads from the last commit that succeeded.
      this.logger.debug({ group: this.options.groupId, error: String(error) }, 'kafka offset commit failed');
    }
  }

  /** Commits everything finished so far, now, and resolves once no commit is in flight. */
  private async flushCommits(): Promise<void> {
    for (;;) {
      this.cancelCommitTimer();
      if (this.committing) await this.committing;
      else if (this.toCommit.size > 0) this.startCommit();
      else return;
    }
  }
}
