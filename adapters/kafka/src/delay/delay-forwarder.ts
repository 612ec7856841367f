import { encodeEnvelope } from '@cadenza/core';
import type { IHeaders, Kafka } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import type { ConsumedRecord, RecordSink } from '../consume/consumed-record';
import { deadLetterEnvelope } from '../consume/dead-letter';
import { GroupConsumer, type GroupConsumerOptions } from '../consume/group-consumer';
import { HEADERS, headerText } from '../headers';
import type { OutgoingRecord } from '../publish/publish-batcher';
import type { KafkaLogger } from '../support/kafka-logger';
import { MinHeap } from '../support/min-heap';
import { actionTime, bucketFor, bucketNamed, DELAY_BUCKETS, type DelayBucket, delayTopic } from './delay-buckets';
import { delayedRecordProblem } from './delay-target';

/** What the forwarder needs from its transport. */
export interface DelayForwarderDeps {
  readonly kafka: Kafka;
  readonly consumer: Omit<GroupConsumerOptions, 'groupId' | 'topics' | 'fromBeginning' | 'maxBuffered'>;
  readonly prefix: string;
  readonly group: string;
  readonly maxHeld: number;
  readonly publish: (record: OutgoingRecord) => Promise<void>;
  readonly logger: KafkaLogger;
  /** Where records that cannot be forwarded go (see `delayDeadLetterTopic`). */
  readonly deadLetterTopic: string;
  /** The transport's `maxMessageBytes`: a dead letter is fitted to it. */
  readonly maxMessageBytes: number;
}

interface Held {
  readonly record: ConsumedRecord;
  readonly dueAt: number;
  readonly target: string;
}

/** Wait before trying a refused forward again, in ms. */
const RETRY_MS = 1_000;
/** Longest single timer; a later action re-arms (Node timers overflow past 2^31 - 1 ms). */
const MAX_TIMER_MS = 60_000;

/** The delay-bucket topics under `prefix`, shortest bucket first. */
export const delayTopics = (prefix: string): string[] => DELAY_BUCKETS.map((bucket) => delayTopic(prefix, bucket));

/**
 * Releases delayed messages. Members of one group share the delay-bucket topics; each holds what it read in
 * a timer heap and, when a message is due, publishes it to its target topic, or, when it fits a shorter
 * bucket or was held long enough, to the bucket that fits it now. The record's offset is finished (and so
 * committed) only after that publish was acknowledged, so a crash or a broker restart re-reads it. A record that
 * cannot be forwarded (no or a bad target header, a due time that is not one; see `delayedRecordProblem`) goes to
 * `deadLetterTopic` with the reason, never retried for ever and never silently dropped.
 */
export class DelayForwarder implements RecordSink {
  private readonly consumer: GroupConsumer;
  private readonly heap = new MinHeap<Held>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private stopped = false;
  private closed: Promise<void> | undefined;

  constructor(private readonly deps: DelayForwarderDeps) {
    this.consumer = new GroupConsumer(deps.kafka, {
      ...deps.consumer, groupId: deps.group, topics: delayTopics(deps.prefix), fromBeginning: true, maxBuffered: deps.maxHeld,
    }, this, deps.logger);
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  get buffered(): number {
    return this.heap.size + this.inFlight.size;
  }

  accept(record: ConsumedRecord): void {
    const target = headerText(record.headers, HEADERS.targetTopic);
    const dueText = headerText(record.headers, HEADERS.deliverAt);
    const bucket = bucketNamed(record.topic.slice(this.deps.prefix.length + 1)) ?? DELAY_BUCKETS[0]!;
    const problem = delayedRecordProblem(target, dueText, this.deps.prefix);
    if (problem !== undefined || target === undefined) {
      this.deps.logger.error({ topic: record.topic, offset: record.offset, reason: problem }, 'delayed record cannot be forwarded; dead-lettered');
      this.track(this.deadLetter(record, problem ?? 'no target'));
      return;
    }
    const held: Held = { record, target, dueAt: Number(dueText) };
    this.hold(held, actionTime(bucket, held.dueAt, Date.now()));
  }

  reset(): void {
    this.heap.clear();
    this.disarm();
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.reset();
    await this.idle();
  }

  close(): Promise<void> {
    return (this.closed ??= this.consumer.close());
  }

  private hold(held: Held, at: number): void {
    this.heap.push(at, held);
    if (at < this.timerAt) this.arm(at);
  }

  private arm(at: number): void {
    this.disarm();
    if (this.stopped) return;
    this.timerAt = at;
    this.timer = setTimeout(() => this.fire(), Math.min(MAX_TIMER_MS, Math.max(0, at - Date.now())));
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = Date.now();
    while ((this.heap.peekPriority() ?? Infinity) <= now) this.track(this.release(this.heap.pop()!));
    const next = this.heap.peekPriority();
    if (next !== undefined) this.arm(next);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Publishes the record's dead letter, trying again until it is acknowledged (or the record is no longer ours). */
  private async deadLetter(record: ConsumedRecord, reason: string): Promise<void> {
    const envelope = deadLetterEnvelope({
      originalTopic: record.topic, partition: record.partition, offset: record.offset, reason, deliveries: 1, raw: record.value,
      ...keyOf(record),
    }, Date.now(), this.deps.maxMessageBytes);
    const letter: OutgoingRecord = {
      topic: this.deps.deadLetterTopic, value: Buffer.from(encodeEnvelope(envelope)), ...keyOf(record),
      headers: { [HEADERS.deadLetterReason]: reason.slice(0, 1_000), [HEADERS.deadLetterTopic]: record.topic },
    };
    while (!this.stopped && this.consumer.isCurrent(record)) {
      try {
        await this.deps.publish(letter);
        this.consumer.finish(record);
        return;
      } catch (error) {
        this.deps.logger.warn({ topic: letter.topic, error: String(error) }, 'dead-lettering a delayed record failed; will retry');
        await delay(RETRY_MS);
      }
    }
  }

  private async release(held: Held): Promise<void> {
    const { record } = held;
    if (!this.consumer.isCurrent(record)) return;
    const remaining = held.dueAt - Date.now();
    const destination: OutgoingRecord = remaining <= 0
      ? { topic: held.target, value: record.value, ...keyOf(record) }
      : { topic: delayTopic(this.deps.prefix, bucketFor(remaining)), value: record.value, headers: delayHeaders(record.headers), ...keyOf(record) };
    try {
      await this.deps.publish(destination);
    } catch (error) {
      this.deps.logger.warn({ topic: destination.topic, error: String(error) }, 'forwarding a delayed message failed; will retry');
      if (!this.stopped && this.consumer.isCurrent(record)) this.hold(held, Date.now() + RETRY_MS);
      return;
    }
    this.consumer.finish(record);
  }
}

const keyOf = (record: ConsumedRecord): { key?: string } => (record.key !== undefined ? { key: record.key } : {});

const delayHeaders = (headers: IHeaders | undefined): IHeaders => ({
  [HEADERS.deliverAt]: headerText(headers, HEADERS.deliverAt) ?? '0',
  [HEADERS.targetTopic]: headerText(headers, HEADERS.targetTopic) ?? '',
});

/** The bucket a newly published delayed message goes to. */
export const initialBucket = (deliverAt: number, now: number): DelayBucket => bucketFor(deliverAt - now);
