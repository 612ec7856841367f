/**
 * Key-based batching for a producer: messages with the same key (and no `deliverAt`) are collected into one
 * batch, so a batch has one key and Key_Shared routing and per-key order hold. A batch is handed on when it
 * reaches `maxMessages` or `maxBytes`, or when the delay ends (0: at the end of the current event-loop turn).
 */
import type { OutgoingMessage } from './commands/send';
import type { MessageId } from './message-id';

export interface BatchLimits {
  readonly maxMessages: number;
  readonly maxDelayMs: number;
  readonly maxBytes: number;
}

/** A batch ready to send; `settle` resolves every sender with its message's id (batch index filled in). */
export interface ReadyBatch {
  readonly key: string | undefined;
  readonly messages: readonly OutgoingMessage[];
  resolve(entryId: MessageId): void;
  reject(error: Error): void;
}

interface OpenBatch {
  readonly key: string | undefined;
  readonly messages: OutgoingMessage[];
  readonly waiters: Array<{ resolve: (id: MessageId) => void; reject: (error: Error) => void }>;
  bytes: number;
}

export class ProducerBatcher {
  private readonly open = new Map<string, OpenBatch>();
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;

  constructor(private readonly limits: BatchLimits, private readonly ready: (batch: ReadyBatch) => void) {}

  /** Adds a message; resolves with its id once its batch is stored. */
  add(message: OutgoingMessage): Promise<MessageId> {
    const batchKey = message.key ?? '';
    let batch = this.open.get(batchKey);
    if (!batch) {
      batch = { key: message.key, messages: [], waiters: [], bytes: 0 };
      this.open.set(batchKey, batch);
    }
    const target = batch;
    const result = new Promise<MessageId>((resolve, reject) => target.waiters.push({ resolve, reject }));
    target.messages.push(message);
    target.bytes += message.payload.length;
    if (target.messages.length >= this.limits.maxMessages || target.bytes >= this.limits.maxBytes) this.close(batchKey);
    else if (!this.timer) {
      this.timer = this.limits.maxDelayMs > 0 ? setTimeout(() => this.flush(), this.limits.maxDelayMs) : setImmediate(() => this.flush());
    }
    return result;
  }

  /** Hands on every open batch now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    for (const key of [...this.open.keys()]) this.close(key);
  }

  private close(batchKey: string): void {
    const batch = this.open.get(batchKey);
    if (!batch) return;
    this.open.delete(batchKey);
    this.ready({
      key: batch.key,
      messages: batch.messages,
      resolve: (id) => batch.waiters.forEach((w, batchIndex) => w.resolve({ ...id, batchIndex })),
      reject: (error) => batch.waiters.forEach((w) => w.reject(error)),
    });
  }
}
