/**
 * Runs a subscription's handler over the messages its consumer receives.
 *
 * - `per-key` (Key_Shared): one queue per key; a key is handled by one handler at a time, in arrival order
 *   (which the broker keeps equal to publish order per key); up to `concurrency` keys run at once. A rejected
 *   message is retried here, after `redeliveryDelayMs`, holding its key, so later messages of the key wait.
 * - `none` (Shared): one queue, up to `concurrency` handlers at once. A rejected message is negatively
 *   acknowledged after `redeliveryDelayMs`; the broker redelivers it (maybe to another consumer).
 *
 * `deliveryCount` = broker redeliveries + local retries + 1. At `maxDeliveries`, or at once for bytes that are
 * not an envelope, the message goes to the dead letter and is acknowledged.
 */
import { decodeEnvelope, type DeliveryHandler, type Envelope, hasErrorCode } from '@cadenza/core';
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
  readonly redeliveryDelayMs: number;
  readonly handle: DeliveryHandler;
  /** Publishes a dead letter; resolves once the broker stored it. */
  readonly deadLetter: (facts: DeadLetterFacts) => Promise<void>;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

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
  consumer: TopicConsumer | undefined;

  constructor(private readonly o: RunnerOptions) {}

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
    for (let local = 0; ; local++) {
      const deliveryCount = m.redeliveryCount + 1 + local;
      try {
        await this.o.handle({ envelope, topic: this.o.topic, deliveryCount, ...(m.key === undefined ? {} : { key: m.key }) });
        this.consumer?.ack(m);
        return;
      } catch (error) {
        if (deliveryCount >= this.o.maxDeliveries) {
          await this.deadLetter(m, `handler failed ${deliveryCount} times; last error: ${describe(error)}`, deliveryCount, envelope.id);
          return;
        }
        if (this.o.order === 'none') {
          this.later(this.o.redeliveryDelayMs, () => this.consumer?.negativeAck(m));
          return;
        }
        await this.sleep(this.o.redeliveryDelayMs);
        if (this.closing || m.generation < (this.generations.get(m.topic) ?? 0)) return; // the broker redelivers it
      }
    }
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
        await this.sleep(Math.max(this.o.redeliveryDelayMs, 100));
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
