import { ConfigError } from '@cadenza/core';
import { type Admin, ConfigResourceTypes } from 'kafkajs';
import { KAFKA_RECORD_OVERHEAD_BYTES } from '../kafka-transport.options';
import type { KafkaLogger } from '../support/kafka-logger';

/** The broker's `message.max.bytes` (read from one broker of the cluster), or `undefined` if it does not say. */
export const brokerMessageMaxBytes = async (admin: Admin): Promise<number | undefined> => {
  const { brokers } = await admin.describeCluster();
  const broker = brokers[0];
  if (!broker) return undefined;
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.BROKER, name: String(broker.nodeId), configNames: ['message.max.bytes'] }],
  });
  const entry = described.resources[0]?.configEntries.find((e) => e.configName === 'message.max.bytes');
  const value = Number(entry?.configValue);
  return Number.isInteger(value) && value > 0 ? value : undefined;
};

/**
 * Refuses, at connect, a `maxMessageBytes` the broker would not take: a message the transport lets through but
 * the broker refuses would be redelivered until the dead letter, and its dead letter refused the same way. A
 * broker that does not let this client read its config (ACLs) is logged and not checked.
 * @throws ConfigError naming `<at>.maxMessageBytes` and the broker's limit.
 */
export const checkMaxMessageBytes = async (admin: Admin, maxMessageBytes: number, logger: KafkaLogger, at = 'transport'): Promise<void> => {
  let limit: number | undefined;
  try {
    limit = await brokerMessageMaxBytes(admin);
  } catch (error) {
    logger.warn({ error: String(error) }, 'could not read the broker\'s message.max.bytes; maxMessageBytes is not checked against it');
    return;
  }
  if (limit === undefined) return;
  const most = limit - KAFKA_RECORD_OVERHEAD_BYTES;
  if (maxMessageBytes <= most) return;
  throw new ConfigError(`${at}.maxMessageBytes`,
    `at most ${most} (the broker's message.max.bytes is ${limit}, less ${KAFKA_RECORD_OVERHEAD_BYTES} for the record's framing, key and headers)`,
    maxMessageBytes);
};
