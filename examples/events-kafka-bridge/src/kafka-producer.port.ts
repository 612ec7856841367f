import type { Message } from 'kafkajs';

/**
 * What the bridge needs from a kafkajs producer: `send`, resolving once the broker acknowledged the
 * records (with `acks: -1`, once every in-sync replica has them). A connected kafkajs `Producer` fits.
 */
export interface KafkaProducerPort {
  send(record: { topic: string; acks?: number; messages: Message[] }): Promise<unknown>;
}
