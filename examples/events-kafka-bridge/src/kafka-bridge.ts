import type { Logger, Transport } from '@cadenza/core';
import { createEventListener, type EventListener, type ListenerStart } from '@cadenza/events';
import { type BridgeOptions, createKafkaBridge } from './bridge';
import type { KafkaProducerPort } from './kafka-producer.port';

/** Options of {@link startKafkaBridge}. */
export interface KafkaBridgeOptions extends BridgeOptions {
  /** A connected kafkajs producer to the target cluster; the bridge does not disconnect it. */
  readonly producer: KafkaProducerPort;
  /** The listener's consumer group: a restarted bridge with the same group resumes where it stopped.
   *  @default 'kafka-bridge' */
  readonly group?: string;
  /** @default 'earliest' */
  readonly start?: ListenerStart;
  /** Called after each send the broker acknowledged, with how many events it carried. */
  readonly onForwarded?: (count: number) => void;
  readonly transport?: Transport;
  readonly logger?: Logger;
}

/**
 * Forwards the events of `types`, from the namespace `config` names, to the Kafka topic `topic`. The
 * listener filters by the same types, so other events never reach the bridge. At-least-once: a batch is
 * acknowledged only after kafkajs resolved its send; a send that fails is retried with the listener's
 * backoff, and a restart may forward a batch twice (same CloudEvent ids, so consumers can deduplicate).
 */
export const startKafkaBridge = async (config: unknown, options: KafkaBridgeOptions): Promise<EventListener> => {
  const bridge = createKafkaBridge(options.producer, options);
  return createEventListener(config, {
    group: options.group ?? 'kafka-bridge',
    start: options.start ?? 'earliest',
    filter: { types: options.types },
    onBatch: async (events) => {
      const count = await bridge.forward(events);
      options.onForwarded?.(count);
    },
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
};
