import { InvalidNameError } from '@cadenza/core';

/** What Kafka takes as a topic name (`Topic.validate` in the broker): these characters, 1 to 249 of them. */
const KAFKA_TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

/**
 * `topic` if Kafka accepts it as a topic name, checked before the adapter creates or publishes to it, so a bad
 * name fails at once with a typed, non-retriable error instead of as a broker error retried for ever.
 * @throws InvalidNameError naming `field`.
 */
export const checkKafkaTopic = (topic: unknown, field = 'topic'): string => {
  if (typeof topic === 'string' && KAFKA_TOPIC.test(topic) && topic !== '.' && topic !== '..') return topic;
  throw new InvalidNameError(field, 'a Kafka topic name: letters, digits, ., _ and - (1 to 249, not . or ..)', topic);
};
