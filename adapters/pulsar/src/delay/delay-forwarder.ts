/**
 * Reads a delay topic (see `delay-topic.ts`) on a Shared subscription, so the broker holds each message until
 * its `deliver_at_time`, then republishes it to its target topic with its key and acknowledges it only after
 * the republish is confirmed. A failed republish is negatively acknowledged and retried.
 *
 * Delivery is at-least-once: a crash between the republish and the ack, or a broker restart (the broker's
 * delayed-delivery index is rebuilt from unacknowledged messages, and acknowledgements not yet persisted are
 * lost), can republish a message twice. Envelopes carry ids and the engine drops duplicates.
 *
 * A message it cannot forward (no target, another topic as target, no due time; see `delayedMessageProblem`) goes
 * to the dead-letter topic of the subscription that started the forwarder, with the reason, and is acknowledged.
 *
 * When its consumer stops for good (the broker refused to take it back), the forwarder stops and says so through
 * `onFailed`: the transport then fails the subscriptions of its topic, whose owners subscribe again (and so start a
 * new forwarder), instead of waiting on timers that nothing forwards any more.
 */
import { encodeEnvelope, type TransportError } from '@cadenza/core';
import type { OutgoingMessage } from '../client/commands/send';
import type { ConsumerMessage } from '../client/consumer';
import { messageIdKey } from '../client/message-id';
import type { PulsarClient } from '../client/pulsar-client';
import type { TopicConsumer } from '../client/topic-handles';
import { deadLetterEnvelope } from '../dead-letter';
import { delayedMessageProblem } from './delay-target';
import { DELAY_PROPERTIES, delayTopic, FORWARDER_SUBSCRIPTION } from './delay-topic';

/** Where a forwarder's dead letters go, and the size they are fitted to (the transport's `maxMessageBytes`). */
export interface ForwarderDeadLetters {
  readonly topic: string;
  readonly maxMessageBytes: number;
}

const RETRY_MS = 500;

export class DelayForwarder {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  private consumer: TopicConsumer | undefined;
  /** Why the forwarder stopped on its own, once it has. */
  failure: TransportError | undefined;

  private constructor(
    private readonly topic: string, private readonly publish: (topic: string, m: OutgoingMessage) => Promise<void>,
    private readonly deadLetters: ForwarderDeadLetters, private readonly onFailed: (error: TransportError) => void,
  ) {}

  /** Starts forwarding the delay topic of `topic`; resolves once subscribed. `onFailed` is told once if its consumer stops for good. */
  static async start(
    client: PulsarClient, topic: string, publish: (topic: string, m: OutgoingMessage) => Promise<void>, receiverQueueSize: number,
    deadLetters: ForwarderDeadLetters, onFailed: (error: TransportError) => void,
  ): Promise<DelayForwarder> {
    const forwarder = new DelayForwarder(topic, publish, deadLetters, onFailed);
    forwarder.consumer = await client.subscribe({
      topic: delayTopic(topic), subscription: FORWARDER_SUBSCRIPTION, subscriptionType: 'Shared',
      initialPosition: 'earliest', receiverQueueSize, onMessage: (m) => forwarder.onMessage(m),
      onFailed: (error) => forwarder.fail(error),
    });
    return forwarder;
  }

  private fail(error: TransportError): void {
    if (this.closed || this.failure) return;
    this.failure = error;
    void this.close();
    this.onFailed(error);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
    await this.consumer?.close();
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) run();
    }, ms);
    this.timers.add(timer);
  }

  private onMessage(m: ConsumerMessage): void {
    if (this.closed) return;
    const problem = delayedMessageProblem(m.properties, this.topic);
    if (problem !== undefined) return this.deadLetter(m, problem);
    const due = Number(m.properties[DELAY_PROPERTIES.deliverAt] ?? 0);
    const wait = due - Date.now();
    if (wait > 0) this.later(wait, () => this.forward(m));
    else this.forward(m);
  }

  private forward(m: ConsumerMessage): void {
    this.relay(m, this.topic, {
      payload: m.payload,
      ...(m.key === undefined ? {} : { key: m.key }),
      ...(m.orderingKey === undefined ? {} : { orderingKey: m.orderingKey }),
    });
  }

  private deadLetter(m: ConsumerMessage, reason: string): void {
    const envelope = deadLetterEnvelope({
      originalTopic: delayTopic(this.topic), reason, deliveries: m.redeliveryCount + 1, raw: m.payload, position: messageIdKey(m.messageId),
      ...(m.key === undefined ? {} : { key: m.key }),
    }, this.deadLetters.maxMessageBytes);
    this.relay(m, this.deadLetters.topic, { payload: encodeEnvelope(envelope), ...(m.key === undefined ? {} : { key: m.key }) });
  }

  /** Publishes `message` to `target`, then acknowledges `m`; a refused publish is retried (nack) after a pause. */
  private relay(m: ConsumerMessage, target: string, message: OutgoingMessage): void {
    const run = this.publish(target, message).then(
      () => this.consumer?.ack(m),
      () => this.later(RETRY_MS, () => this.consumer?.negativeAck(m)),
    );
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }
}
