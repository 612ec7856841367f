/**
 * Runs a subscription's handler over the messages its consumer receives.
 *
 * - `per-key` (Key_Shared): one queue per key; a key is handled by one handler at a time, in arrival order
 *   (which the broker keeps equal to publish order per key); up to `concurrency` keys run at once. A rejected
 *   message is retried here, after the backoff, holding its key, so later messages of the key wait.
 * - `none` (Shared): one queue, up to `concurrency` handlers at once. A transiently rejected message is retried
 *   here after the backoff; any other rejection negatively acknowledges it after the backoff, and the broker
 *   redelivers it (maybe to another consumer).
 *
 * The failure policy is core's (`judgeRejection`): transient rejections are retried without limit and not
 * counted. `deliveryCount` = broker redeliveries + transient rejections known here + local retries + 1; the
 * broker's count holds crashes and non-transient rejections only, so it is what counts toward `maxDeliveries`.
 * At the limit, or at once for bytes that are not an envelope, the message goes to the dead letter and is
 * acknowledged.
 */
import {
  decodeEnvelope, type DeliveryHandler, type Envelope, type FailurePolicy, hasErrorCode, judgeRejection, type RedeliveryPolicy,
  resolveFailurePolicy,
} from '@cadenza/core';
import { UNDECODABLE_PROPERTY } from '../client/commands/message';
import type { ConsumerMessage } from '../client/consumer';
import { messageIdKey } from '../client/message-id';
import type { TopicConsumer } from '../client/topic-handles';
import type { DeadLetterFacts } from '../dead-letter';

export interface RunnerOptions {
  /** The topic as the caller named it (what `Delivery.topic` shows). */
  readonly topic: string;
  readonly order: 'per-key' | 'none';
  readonly concurrency: number;
  readonly maxDeliveries: number;
  /** The first wait of the backoff, in ms, unless `redelivery.initialDelayMs` says otherwise. */
  readonly redeliveryDelayMs: number;
  /** The backoff between redeliveries. @default core's `defaultRedeliveryPolicy` */
  readonly redelivery?: RedeliveryPolicy;
  readonly handle: DeliveryHandler;
  /** Publishes a dead letter; resolves once the broker stored it. */
  readonly deadLetter: (facts: DeadLetterFacts) => Promise<void>;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Nacked messages whose transient rejections are remembered; past this, the oldest are forgotten. */
const MAX_CARRIED = 10_000;

export class SubscriptionRunner {
  private readonly byKey = new Map<string, ConsumerMessage[]>();
  private readonly readyKeys: string[] = [];
  private readonly fifo: ConsumerMessage[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Map<NodeJS.Timeout, (() => void) | undefined>();
  private running = 0;
  private closing = false;
  /** Latest session per (partition) topic; see `onReconnect`. */
  private readonly generations = new Map<string, number>();
  /** Transient rejections of messages nacked here (by message id), which the broker's count does not hold. */
  private readonly carried = new Map<string, number>();
  private readonly policy: FailurePolicy;
  consumer: TopicConsumer | undefined;

  constructor(private readonly o: RunnerOptions) {
    this.policy = resolveFailurePolicy(o);
  }

  /** Queues a message from the consumer. */
  onMessage(m: ConsumerMessage): void {
    if (this.closing) return;
    if (this.o.order === 'per-key') {
      const key = m.key ?? '';
      const queue = this.byKey.get(key);
      if (queue) queue.push(m);
      else {
        this.byKey.set(key, [m]);
        this.readyKeys.push(key);
      }
    } else {
      this.fifo.push(m);
    }
    this.pump();
  }

  /** After a resubscribe of `topic` (a partition, on a partitioned topic) the broker redelivers what was not
   *  acknowledged: drop what we had not started from that topic's older sessions. */
  onReconnect(generation: number, topic: string): void {
    this.generations.set(topic, generation);
    const fresh = (m: ConsumerMessage) => m.topic !== topic || m.generation >= generation;
    this.fifo.splice(0, this.fifo.length, ...this.fifo.filter(fresh));
    for (const [key, queue] of this.byKey) {
      const kept = queue.filter(fresh);
      if (kept.length === queue.length) continue;
      if (kept.length > 0) this.byKey.set(key, kept);
      else {
        this.byKey.delete(key);
        const at = this.readyKeys.indexOf(key);
        if (at >= 0) this.readyKeys.splice(at, 1);
      }
    }
  }

  /** Stops taking messages and waits for handlers in flight. */
  async close(): Promise<void> {
    this.closing = true;
    this.byKey.clear();
    this.readyKeys.length = 0;
    this.fifo.length = 0;
    this.carried.clear();
    for (const [timer, onClose] of this.timers) {
      clearTimeout(timer);
      onClose?.();
    }
    this.timers.clear();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private pump(): void {
    while (!this.closing && this.running < this.o.concurrency) {
      if (this.o.order === 'per-key') {
        const key = this.readyKeys.shift();
        if (key === undefined) return;
        this.start(this.runKey(key));
      } else {
        const m = this.fifo.shift();
        if (!m) return;
        this.start(this.process(m));
      }
    }
  }

  private start(work: Promise<void>): void {
    this.running++;
    const done = work.finally(() => {
      this.running--;
      this.inFlight.delete(done);
      this.pump();
    });
    this.inFlight.add(done);
  }

  /** Handles the next message of `key`, then puts the key back at the end of the line if it has more. */
  private async runKey(key: string): Promise<void> {
    const queue = this.byKey.get(key);
    const m = queue?.shift();
    if (m) await this.process(m);
    if (this.closing) return;
    const rest = this.byKey.get(key);
    if (rest && rest.length > 0) this.readyKeys.push(key);
    else if (rest) this.byKey.delete(key);
  }

  private async process(m: ConsumerMessage): Promise<void> {
    const undecodable = m.properties[UNDECODABLE_PROPERTY];
    if (undecodable !== undefined) {
      await this.deadLetter(m, `the Pulsar entry could not be decoded: ${undecodable}`, m.redeliveryCount + 1);
      return;
    }
    let envelope: Envelope;
    try {
      envelope = decodeEnvelope(m.payload, this.o.topic);
    } catch (error) {
      const reason = hasErrorCode(error, 'MALFORMED_MESSAGE') ? (error as { reason?: string }).reason : undefined;
      await this.deadLetter(m, reason ?? describe(error), m.redeliveryCount + 1);
      return;
    }
    const id = messageIdKey(m.messageId);
    const carried = this.carried.get(id) ?? 0;
    this.carried.delete(id);
    let transientRejections = carried;
    for (let local = 0; ; local++) {
      const deliveryCount = m.redeliveryCount + 1 + carried + local;
      try {
        await this.o.handle({ envelope, topic: this.o.topic, deliveryCount, ...(m.key === undefined ? {} : { key: m.key }) });
        this.consumer?.ack(m);
        return;
      } catch (error) {
        const verdict = judgeRejection(this.policy, error, { deliveries: deliveryCount, transientRejections });
        if (verdict.action === 'dead-letter') {
          await this.deadLetter(m, verdict.reason, deliveryCount, envelope.id);
          return;
        }
        if (verdict.transient) transientRejections++;
        else if (this.o.order === 'none') {
          this.carry(id, transientRejections);
          this.later(verdict.delayMs, () => this.consumer?.negativeAck(m));
          return;
        }
        await this.sleep(verdict.delayMs);
        if (this.closing || m.generation < (this.generations.get(m.topic) ?? 0)) return; // the broker redelivers it
      }
    }
  }

  private carry(id: string, transientRejections: number): void {
    if (transientRejections === 0) return;
    this.carried.set(id, transientRejections);
    if (this.carried.size > MAX_CARRIED) this.carried.delete(this.carried.keys().next().value as string);
  }

  private async deadLetter(m: ConsumerMessage, reason: string, deliveries: number, causationId?: string): Promise<void> {
    const facts: DeadLetterFacts = {
      originalTopic: this.o.topic, reason, deliveries, raw: m.payload, position: messageIdKey(m.messageId),
      ...(m.key === undefined ? {} : { key: m.key }),
      ...(causationId === undefined ? {} : { causationId }),
    };
    while (!this.closing) {
      try {
        await this.o.deadLetter(facts);
      } catch {
        await this.sleep(Math.max(this.policy.initialDelayMs, 100));
        continue;
      }
      this.consumer?.ack(m);
      return;
    }
  }

  /** Runs `run` after `ms`; on close the timer is dropped and `onClose` (if any) runs instead. */
  private later(ms: number, run: () => void, onClose?: () => void): void {
    if (this.closing) {
      onClose?.();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.set(timer, onClose);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(ms, resolve, resolve));
  }
}
