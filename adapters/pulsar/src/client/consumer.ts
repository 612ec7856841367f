/**
 * A consumer of one subscription on a non-partitioned topic. Messages are pushed to `onMessage` as the
 * broker sends them; the consumer grants `receiverQueueSize` permits and grants more as the application
 * acknowledges (or negatively acknowledges) messages, so at most that many are in the application's hands.
 *
 * When the connection drops or the broker closes the consumer, it resubscribes with backoff and bumps
 * `generation`; the broker then redelivers everything unacknowledged, so messages of an older generation
 * that were not yet processed should be dropped (`onReconnect` says when).
 */
import { TransportError } from '@cadenza/core';
import { backoffDelay, sleep } from './backoff';
import { type ClientContext, connectionFor, retryWithin } from './client-context';
import { ackCommand } from './commands/ack';
import { closeConsumerCommand } from './commands/close-consumer';
import { flowCommand } from './commands/flow';
import { type IncomingMessage, splitMessage } from './commands/message';
import { redeliverCommand } from './commands/redeliver';
import { subscribeCommand } from './commands/subscribe';
import type { Connection } from './connection';
import type { Frame } from './framing/frame';
import { entryIdData, messageIdKey } from './message-id';
import { CommandType, InitialPosition, type MessageIdData, SubType } from './proto/pulsar-api.types';
import { PulsarServerError } from './server-error';
import type { TopicConsumer } from './topic-handles';

export type SubscriptionType = 'Exclusive' | 'Shared' | 'Failover' | 'Key_Shared';

export interface ConsumerOptions {
  readonly topic: string;
  readonly subscription: string;
  readonly subscriptionType: SubscriptionType;
  /** Where a new subscription starts; an existing one keeps its position.
   *  @default 'latest' */
  readonly initialPosition?: 'latest' | 'earliest';
  /** Messages the broker may push ahead of acknowledgements.
   *  @default 1000 */
  readonly receiverQueueSize?: number;
  /** @default a random name chosen by the client */
  readonly consumerName?: string;
  /** Called for every message, in the order the broker sent them. */
  readonly onMessage: (message: ConsumerMessage) => void;
  /** Called after a resubscribe; messages of older generations of `topic` will be redelivered. On a
   *  partitioned topic each partition has its own generations. */
  readonly onReconnect?: (generation: number, topic: string) => void;
  /** Called once if the consumer stops on its own: the broker closed it and refused to take it back with a
   *  non-retriable error (a deleted topic, a revoked permission). It delivers nothing more after that. */
  readonly onFailed?: (error: TransportError, topic: string) => void;
}

/** A message as handed to `onMessage`. */
export interface ConsumerMessage extends IncomingMessage {
  readonly topic: string;
  /** Which subscription session delivered it; see the class comment. */
  readonly generation: number;
}

export class Consumer implements TopicConsumer {
  private conn: Connection | undefined;
  private state = 'connecting' as 'connecting' | 'ready' | 'closed';
  private isClosed(): boolean {
    return this.state === 'closed';
  }
  private isReady(): boolean {
    return this.state === 'ready';
  }
  private generation = 0;
  private permitsToReturn = 0;
  private readonly queueSize: number;
  private readonly batches = new Map<string, number>();
  private ackQueue: MessageIdData[] = [];
  private ackScheduled = false;
  readonly id: number;
  private readonly consumerName: string;

  private constructor(private readonly ctx: ClientContext, private readonly o: ConsumerOptions) {
    this.id = ctx.nextId();
    this.queueSize = o.receiverQueueSize ?? 1000;
    this.consumerName = o.consumerName ?? `cadenza-${Math.random().toString(36).slice(2, 10)}`;
  }

  static async create(ctx: ClientContext, o: ConsumerOptions): Promise<Consumer> {
    const consumer = new Consumer(ctx, o);
    await retryWithin(`subscribing ${o.subscription} to ${o.topic} at ${ctx.serviceUrl}`, { timeoutMs: ctx.operationTimeoutMs, logger: ctx.logger }, () => consumer.attach());
    return consumer;
  }

  get topic(): string {
    return this.o.topic;
  }

  /** Acknowledges one message (a batched entry once all of its messages are acknowledged). */
  ack(message: ConsumerMessage): void {
    this.returnPermit(message);
    const id = message.messageId;
    if (message.batchSize > 1) {
      const key = messageIdKey(entryIdData(id));
      const left = (this.batches.get(key) ?? message.batchSize) - 1;
      if (left > 0) {
        this.batches.set(key, left);
        return;
      }
      this.batches.delete(key);
    }
    this.queueAck(entryIdData(id));
  }

  /** Queues an entry's acknowledgement; acknowledgements made in one tick go in one ACK. */
  private queueAck(entry: MessageIdData): void {
    this.ackQueue.push(entry);
    if (!this.ackScheduled) {
      this.ackScheduled = true;
      setImmediate(() => this.flushAcks());
    }
  }

  /** Asks the broker to redeliver the message now (its whole entry when batched), with a higher redelivery count. */
  negativeAck(message: ConsumerMessage): void {
    this.returnPermit(message);
    if (message.batchSize > 1) this.batches.delete(messageIdKey(entryIdData(message.messageId)));
    if (this.state === 'ready') this.conn?.send(redeliverCommand(this.id, [entryIdData(message.messageId)]));
  }

  /** Sends pending acknowledgements, then detaches; unacknowledged messages go to other consumers. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.flushAcks();
    this.state = 'closed';
    const conn = this.conn;
    this.conn = undefined;
    if (conn && !conn.closed) {
      await conn.request((rid) => closeConsumerCommand(this.id, rid), `CLOSE_CONSUMER ${this.o.topic}`).catch(() => undefined);
      conn.removeConsumer(this.id);
    }
  }

  private flushAcks(): void {
    this.ackScheduled = false;
    if (this.ackQueue.length === 0 || this.state !== 'ready' || !this.conn) return;
    const ids = this.ackQueue;
    this.ackQueue = [];
    this.conn.send(ackCommand(this.id, ids));
  }

  private returnPermit(message: ConsumerMessage): void {
    if (message.generation !== this.generation) return;
    this.returnPermits(1);
  }

  /** Gives permits back to the broker, in FLOWs of at least half the queue. */
  private returnPermits(count: number): void {
    if (this.state !== 'ready') return;
    this.permitsToReturn += count;
    if (this.permitsToReturn >= Math.max(1, Math.floor(this.queueSize / 2))) {
      this.conn?.send(flowCommand(this.id, this.permitsToReturn));
      this.permitsToReturn = 0;
    }
  }

  private async attach(): Promise<void> {
    const conn = await connectionFor(this.ctx, this.o.topic);
    const generation = this.generation;
    // A CLOSE_CONSUMER read with the SUCCESS (a topic unloading as we subscribe) comes before `this.conn` is set.
    let closedWhileAttaching = false;
    conn.addConsumer(this.id, {
      onFrame: (f) => this.onFrame(f, generation, conn.maxMessageSize),
      onClosedByBroker: () => (this.conn === conn ? this.lost(conn) : void (closedWhileAttaching = true)),
    });
    try {
      const answer = await conn.request((rid) => subscribeCommand({
        topic: this.o.topic, subscription: this.o.subscription, subType: SubType[this.o.subscriptionType],
        consumerId: this.id, requestId: rid, consumerName: this.consumerName,
        initialPosition: this.o.initialPosition === 'earliest' ? InitialPosition.Earliest : InitialPosition.Latest,
      }), `SUBSCRIBE ${this.o.subscription} to ${this.o.topic}`);
      if (answer.type !== CommandType.SUCCESS) throw new TransportError(`SUBSCRIBE ${this.o.topic}: unexpected answer type ${answer.type}`, true);
    } catch (error) {
      conn.removeConsumer(this.id);
      throw error;
    }
    if (this.isClosed()) {
      conn.removeConsumer(this.id);
      return;
    }
    if (closedWhileAttaching) throw new TransportError(`SUBSCRIBE ${this.o.subscription} to ${this.o.topic}: the broker closed the consumer as it subscribed`, true);
    this.conn = conn;
    this.state = 'ready';
    this.permitsToReturn = 0;
    conn.onClose(() => this.lost(conn));
    conn.send(flowCommand(this.id, this.queueSize));
    this.flushAcks();
  }

  private lost(conn: Connection): void {
    if (this.conn !== conn || this.state !== 'ready') return;
    conn.removeConsumer(this.id);
    this.conn = undefined;
    this.state = 'connecting';
    this.generation++;
    this.batches.clear();
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    for (let attempt = 0; this.state === 'connecting'; attempt++) {
      await sleep(backoffDelay(attempt));
      if (this.state !== 'connecting') return;
      try {
        await this.attach();
        this.ctx.logger?.info({ topic: this.o.topic, subscription: this.o.subscription, attempts: attempt + 1 }, 'Pulsar consumer reattached');
        if (this.isReady()) this.o.onReconnect?.(this.generation, this.o.topic);
        return;
      } catch (error) {
        if (error instanceof PulsarServerError && !error.retriable) {
          this.fail(error);
          return;
        }
        this.ctx.logger?.debug({ topic: this.o.topic, attempt, error: (error as Error).message }, 'Pulsar consumer reattach failed; retrying');
      }
    }
  }

  /** Gives up for good after a failure no retry can fix; acknowledgements still queued are lost (redelivered to others). */
  private fail(error: PulsarServerError): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.ackQueue = [];
    this.ctx.logger?.error({ topic: this.o.topic, subscription: this.o.subscription, error: error.message }, 'Pulsar consumer stopped: the broker refused to take it back');
    this.o.onFailed?.(error, this.o.topic);
  }

  private onFrame(frame: Frame, generation: number, maxMessageBytes: number): void {
    const { command, metadata, payload } = frame;
    if (command.type !== CommandType.MESSAGE || !command.message || !metadata || !payload) return;
    if (generation !== this.generation || this.state === 'closed') return;
    const messages = splitMessage(command.message.messageId, command.message.redeliveryCount ?? 0, metadata, payload, maxMessageBytes);
    const entry = entryIdData(command.message.messageId);
    // The broker charged a permit per entry the metadata declares; each message handed over returns one when it is
    // acknowledged, so the rest (entries compacted out, a batch handed over whole as undecodable) are returned now.
    const charged = hasOwn(metadata, 'numMessagesInBatch') ? Math.max(0, metadata.numMessagesInBatch ?? 1) : 1;
    if (charged > messages.length) this.returnPermits(charged - messages.length);
    if (messages.length === 0) {
      // An empty batch, or one compacted out whole: nothing will be acknowledged for it, so the entry is now.
      this.queueAck(entry);
      return;
    }
    const first = messages[0]!;
    // A batch counts down from the messages it delivers, not from its declared size: entries compacted out are
    // never handed over, so never acknowledged one by one.
    if (first.batchSize > 1) this.batches.set(messageIdKey(entry), messages.length);
    for (const m of messages) {
      try {
        this.o.onMessage({ ...m, topic: this.o.topic, generation });
      } catch (error) {
        this.ctx.logger?.error({ topic: this.o.topic, error: (error as Error).message }, 'onMessage threw; the message stays unacknowledged');
      }
    }
  }
}

const hasOwn = (message: object, field: string): boolean => Object.prototype.hasOwnProperty.call(message, field);
