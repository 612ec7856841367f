import { hostAndPort, isReachable } from './reachable';

/**
 * The Kafka brokers the bench uses (`CADENZA_KAFKA_BROKERS`, comma-separated; default 127.0.0.1:9092), or why a
 * setup that needs them is skipped: the first does not answer.
 */
export const reachableKafkaBrokers = async (): Promise<{ brokers: string[] } | { skipped: string }> => {
  const brokers = (process.env.CADENZA_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const { host, port } = hostAndPort(brokers[0]!, 9092);
  if (await isReachable(host, port)) return { brokers };
  return { skipped: `Kafka not reachable at ${brokers.join(',')} (start it with infra/kafka/start.sh, or set CADENZA_KAFKA_BROKERS)` };
};
