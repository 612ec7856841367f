import { ConfigError } from '@cadenza/core';
import type { CloudEventV1 } from 'cloudevents';
import type { KafkaProducerPort } from './kafka-producer.port';
import { kafkaRecordOf } from './kafka-record';

/** Where the bridge forwards to and what. */
export interface BridgeOptions {
  /** The target Kafka topic. */
  topic: string;
  /** Types to forward, each a type or a prefix ending at a dot boundary, as the listener's `filter.types`:
   *  `io.cadenza.workflow` forwards `io.cadenza.workflow.completed`, not `io.cadenza.workflowx`. At least one. */
  types: readonly string[];
}

/** Forwards events to a Kafka topic. */
export interface KafkaBridge {
  /**
   * Sends the events whose type is or starts with one of `types`, in their order, in one `send`, and resolves
   * with how many it sent once the broker acknowledged them all. The listener acknowledges the batch only
   * then (at-least-once): a failed or interrupted send rejects, and the batch is retried. Each record is
   * keyed by the event's workflow id, so one workflow's events keep their order on the target topic.
   */
  forward(events: readonly CloudEventV1<unknown>[]): Promise<number>;
}

/** The record key of an event: its workflow id (the `cadenzaworkflowid` extension, else the subject). */
export const workflowKeyOf = (event: CloudEventV1<unknown>): string | null => {
  const id = event['cadenzaworkflowid'] ?? event.subject;
  return typeof id === 'string' ? id : null;
};

/** Checks the options; throws a {@link ConfigError} naming the bad field. */
export const resolveBridgeOptions = (options: BridgeOptions): BridgeOptions => {
  if (typeof options.topic !== 'string' || !/^[a-zA-Z0-9._-]{1,249}$/.test(options.topic)) {
    throw new ConfigError('topic', 'a Kafka topic name ([a-zA-Z0-9._-], 1 to 249 characters)', options.topic);
  }
  if (!Array.isArray(options.types) || options.types.length === 0 || !options.types.every((t) => typeof t === 'string' && t.length > 0)) {
    throw new ConfigError('types', 'a non-empty list of event type prefixes', options.types);
  }
  return options;
};

/** A bridge sending through `producer` (connected by the caller). */
export const createKafkaBridge = (producer: KafkaProducerPort, options: BridgeOptions): KafkaBridge => {
  const { topic, types } = resolveBridgeOptions(options);
  const chosen = (event: CloudEventV1<unknown>) => types.some((prefix) => event.type === prefix || event.type.startsWith(`${prefix}.`));
  return {
    forward: async (events) => {
      const messages = events.filter(chosen).map((event) => kafkaRecordOf(event, workflowKeyOf(event)));
      if (messages.length === 0) return 0;
      await producer.send({ topic, acks: -1, messages });
      return messages.length;
    },
  };
};
