/** What the client hands out, for a plain topic and for a partitioned one alike. */
import type { OutgoingMessage } from './commands/send';
import type { ConsumerMessage } from './consumer';
import type { MessageId } from './message-id';

export interface TopicProducer {
  /** The fully qualified topic (the parent topic when partitioned). */
  readonly topic: string;
  /** Publishes one message; resolves with its id once the broker has stored it. */
  send(message: OutgoingMessage): Promise<MessageId>;
  /** Sends open batches now. */
  flushBatches(): void;
  /** Waits for unconfirmed sends (up to the send timeout), then detaches. */
  close(): Promise<void>;
}

export interface TopicConsumer {
  readonly topic: string;
  ack(message: ConsumerMessage): void;
  negativeAck(message: ConsumerMessage): void;
  close(): Promise<void>;
}
