/**
 * A producer on one non-partitioned topic. Sends are pipelined and confirmed by SEND_RECEIPT in sequence
 * order. When the connection drops, the producer looks the topic up again, re-registers under the same name
 * and resends every unconfirmed message in order (at-least-once: a message the broker stored just before the
 * drop may be stored twice). A send not confirmed within `sendTimeoutMs` fails with a retriable
 * TransportError and is not resent.
 */
import { ClosedError, TransportError } from '@cadenza/core';
import { backoffDelay, sleep } from './backoff';
import { type ClientContext, connectionFor, retryWithin } from './client-context';
import { closeProducerCommand } from './commands/close-producer';
import { producerCommand } from './commands/producer';
import { encodeBatchPayload, encodeSendMetadata, messageMetadata, type OutgoingMessage, sendCommand } from './commands/send';
import type { Connection } from './connection';
import { ProducerBatcher, type ReadyBatch } from './producer-batcher';
import type { Frame } from './framing/frame';
import { encodePayloadFrame } from './framing/frame-encoder';
import { type MessageId, toMessageId } from './message-id';
import { CommandType, toNumber } from './proto/pulsar-api.types';
import { fromServerError } from './server-error';
import type { TopicProducer } from './topic-handles';

export interface ProducerOptions {
  /** Bound on one send, from the call to its receipt, in ms.
   *  @default the client's operationTimeoutMs */
  readonly sendTimeoutMs?: number;
  /** Sends awaiting a receipt at once (batched ones included); further sends wait for a slot.
   *  @default 1000 */
  readonly maxPendingMessages?: number;
  /** Messages combined into one broker entry; 1 turns batching off. Only messages with the same key (and no
   *  `deliverAt`) share a batch, so Key_Shared routing and per-key order hold.
   *  @default 1 */
  readonly batchingMaxMessages?: number;
  /** How long a batch may wait for more messages, in ms; 0 sends it at the end of the current event-loop turn.
   *  @default 0 */
  readonly batchingMaxDelayMs?: number;
  /** Payload bytes that close a batch.
   *  @default 131_072 */
  readonly batchingMaxBytes?: number;
}


interface PendingSend {
  readonly frame: Buffer;
  /** Messages in the frame (a batch has several). */
  readonly count: number;
  readonly resolve: (id: MessageId) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class Producer implements TopicProducer {
  private readonly pending = new Map<number, PendingSend>();
  private readonly batcher: ProducerBatcher | undefined;
  private inFlight = 0;
  private slotWaiters: Array<() => void> = [];
  private slotHead = 0;
  private conn: Connection | undefined;
  private nextSequenceId = 0;
  private producerName: string | undefined;
  private state = 'connecting' as 'connecting' | 'ready' | 'closed';
  private isClosed(): boolean {
    return this.state === 'closed';
  }
  private isReady(): boolean {
    return this.state === 'ready';
  }
  private readonly sendTimeoutMs: number;
  private readonly maxPending: number;
  readonly id: number;

  private constructor(private readonly ctx: ClientContext, readonly topic: string, o: ProducerOptions) {
    this.id = ctx.nextId();
    this.sendTimeoutMs = o.sendTimeoutMs ?? ctx.operationTimeoutMs;
    this.maxPending = o.maxPendingMessages ?? 1000;
    const maxMessages = o.batchingMaxMessages ?? 1;
    this.batcher = maxMessages > 1
      ? new ProducerBatcher({ maxMessages, maxDelayMs: o.batchingMaxDelayMs ?? 0, maxBytes: o.batchingMaxBytes ?? 131_072 }, (b) => this.sendBatch(b))
      : undefined;
  }

  /** Creates and attaches a producer, retrying retriable failures within the operation timeout. */
  static async create(ctx: ClientContext, topic: string, o: ProducerOptions = {}): Promise<Producer> {
    const producer = new Producer(ctx, topic, o);
    await retryWithin(`creating a producer on ${topic} at ${ctx.serviceUrl}`, { timeoutMs: ctx.operationTimeoutMs, logger: ctx.logger }, () => producer.attach());
    return producer;
  }

  /** The name the broker gave this producer. */
  get name(): string {
    return this.producerName ?? '';
  }

  /** Publishes one message; resolves with its id once the broker has stored it. */
  async send(message: OutgoingMessage): Promise<MessageId> {
    if (this.state === 'closed') throw new ClosedError(`producer on ${this.topic}`);
    while (this.inFlight >= this.maxPending) await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    if (this.isClosed()) throw new ClosedError(`producer on ${this.topic}`);
    this.inFlight++;
    if (this.batcher && message.deliverAt === undefined) return this.batcher.add(message);
    const sequenceId = this.nextSequenceId++;
    const metadata = encodeSendMetadata(messageMetadata(this.name, sequenceId, Date.now(), message));
    const frame = encodePayloadFrame(sendCommand(this.id, sequenceId), metadata, message.payload);
    return new Promise<MessageId>((resolve, reject) => this.enqueue(sequenceId, frame, 1, resolve, reject));
  }

  private enqueue(sequenceId: number, frame: Buffer, count: number, resolve: (id: MessageId) => void, reject: (error: Error) => void): void {
    const timer = setTimeout(() => {
      if (!this.pending.delete(sequenceId)) return;
      this.freeSlots(count);
      reject(new TransportError(`publish to ${this.topic} not confirmed by the broker within ${this.sendTimeoutMs} ms`, true));
    }, this.sendTimeoutMs);
    this.pending.set(sequenceId, { frame, count, resolve, reject, timer });
    if (this.state === 'ready') this.conn?.write(frame);
  }

  /** Sends every open batch now. */
  flushBatches(): void {
    this.batcher?.flush();
  }

  private sendBatch(batch: ReadyBatch): void {
    const count = batch.messages.length;
    const sequenceId = this.nextSequenceId;
    this.nextSequenceId += count;
    const metadata = encodeSendMetadata({
      ...messageMetadata(this.name, sequenceId, Date.now(), { payload: new Uint8Array(0), ...(batch.key === undefined ? {} : { key: batch.key }) }),
      numMessagesInBatch: count,
    });
    const frame = encodePayloadFrame(sendCommand(this.id, sequenceId, count), metadata, encodeBatchPayload(batch.messages));
    this.enqueue(sequenceId, frame, count, batch.resolve, batch.reject);
  }

  /** Waits for unconfirmed sends (up to the send timeout), then detaches from the broker. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.flushBatches();
    const deadline = Date.now() + this.sendTimeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) await sleep(10);
    this.state = 'closed';
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new ClosedError(`producer on ${this.topic}`));
    }
    this.pending.clear();
    this.slotWaiters.slice(this.slotHead).forEach((wake) => wake());
    this.slotWaiters = [];
    this.slotHead = 0;
    const conn = this.conn;
    this.conn = undefined;
    if (conn && !conn.closed) {
      await conn.request((rid) => closeProducerCommand(this.id, rid), `CLOSE_PRODUCER ${this.topic}`).catch(() => undefined);
      conn.removeProducer(this.id);
    }
  }

  private async attach(): Promise<void> {
    const conn = await connectionFor(this.ctx, this.topic);
    // A CLOSE_PRODUCER read with the PRODUCER_SUCCESS (a topic unloading as we register) comes before `this.conn` is set.
    let closedWhileAttaching = false;
    conn.addProducer(this.id, {
      onFrame: (f) => this.onFrame(f),
      onClosedByBroker: () => (this.conn === conn ? this.lost(conn) : void (closedWhileAttaching = true)),
    });
    try {
      const answer = await conn.request((rid) => producerCommand(this.topic, this.id, rid, this.producerName), `PRODUCER ${this.topic}`);
      if (answer.type !== CommandType.PRODUCER_SUCCESS || !answer.producerSuccess) {
        throw new TransportError(`PRODUCER ${this.topic}: unexpected answer type ${answer.type}`, true);
      }
      this.producerName = answer.producerSuccess.producerName;
    } catch (error) {
      conn.removeProducer(this.id);
      throw error;
    }
    if (this.isClosed()) {
      conn.removeProducer(this.id);
      return;
    }
    if (closedWhileAttaching) throw new TransportError(`PRODUCER ${this.topic}: the broker closed the producer as it registered`, true);
    this.conn = conn;
    this.state = 'ready';
    conn.onClose(() => this.lost(conn));
    for (const [, p] of this.pending) conn.write(p.frame);
  }

  private lost(conn: Connection): void {
    if (this.conn !== conn || this.state !== 'ready') return;
    conn.removeProducer(this.id);
    this.conn = undefined;
    this.state = 'connecting';
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    for (let attempt = 0; this.state === 'connecting'; attempt++) {
      await sleep(backoffDelay(attempt));
      if (this.state !== 'connecting') return;
      try {
        await this.attach();
        this.ctx.logger?.info({ topic: this.topic, attempts: attempt + 1 }, 'Pulsar producer reattached');
        return;
      } catch (error) {
        this.ctx.logger?.debug({ topic: this.topic, attempt, error: (error as Error).message }, 'Pulsar producer reattach failed; retrying');
      }
    }
  }

  private onFrame({ command }: Frame): void {
    if (command.type === CommandType.SEND_RECEIPT && command.sendReceipt) {
      const seq = toNumber(command.sendReceipt.sequenceId);
      const p = this.pending.get(seq);
      if (!p) return;
      this.pending.delete(seq);
      clearTimeout(p.timer);
      this.freeSlots(p.count);
      p.resolve(toMessageId(command.sendReceipt.messageId));
    } else if (command.type === CommandType.SEND_ERROR && command.sendError) {
      const seq = toNumber(command.sendError.sequenceId);
      const p = this.pending.get(seq);
      if (!p) return;
      this.pending.delete(seq);
      clearTimeout(p.timer);
      this.freeSlots(p.count);
      p.reject(fromServerError(command.sendError.error, command.sendError.message, `SEND to ${this.topic}`));
    }
  }

  private freeSlots(count: number): void {
    this.inFlight -= count;
    for (let i = 0; i < count && this.slotHead < this.slotWaiters.length; i++) this.slotWaiters[this.slotHead++]!();
    if (this.slotHead > 1024 && this.slotHead * 2 > this.slotWaiters.length) {
      this.slotWaiters = this.slotWaiters.slice(this.slotHead);
      this.slotHead = 0;
    }
  }
}
