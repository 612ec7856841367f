import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { createKafkaTransport, type KafkaTransport, type KafkaTransportOptions } from '../../src';

/** The broker infra/kafka/start.sh runs; KAFKA_BROKERS overrides it (comma-separated). */
export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

let reached = false;

/** Fails (never skips) when the broker is not there, saying how to start it. */
export const mustReachKafka = async (): Promise<void> => {
  const [host, port] = BROKERS[0]!.split(':') as [string, string];
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port: Number(port), timeout: 3_000 });
    const fail = (why: string) => {
      socket.destroy();
      reject(new Error(`Kafka not reachable at ${host}:${port} (${why}); start it with infra/kafka/start.sh`));
    };
    socket.once('connect', () => {
      socket.end();
      reached = true;
      resolve();
    });
    socket.once('timeout', () => fail('timed out'));
    socket.once('error', (error) => fail(error.message));
  });
};

/**
 * Deletes the topics this test run created (fresh names carry the pid; delay topics the run id), so test
 * runs do not pile up thousands of partitions, which would make every broker restart slower.
 */
export const deleteRunTopics = async (): Promise<void> => {
  if (!reached) return; // the run already failed, saying why
  const admin = new Kafka({ brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((t) => t.includes(`-${process.pid}-`) || t.includes(runId));
    for (let i = 0; i < mine.length; i += 100) await admin.deleteTopics({ topics: mine.slice(i, i + 100) });
  } finally {
    await admin.disconnect();
  }
};

let registered = false;

/** Root hooks for a spec file on the real broker: fail without it, and clean up this run's topics after. */
export const useKafkaBroker = (): void => {
  if (registered) return;
  registered = true;
  before(mustReachKafka);
  after(deleteRunTopics);
};

/** A prefix unique to this test run, for delay topics and forwarder groups. */
export const runId = `${process.pid}-${randomUUID().slice(0, 8)}`;

/** Transport options for tests: this run's own delay topics and forwarder group, fast group timings. */
export const testOptions = (overrides: Partial<KafkaTransportOptions> = {}) => ({
  brokers: BROKERS,
  clientId: 'cadenza-test',
  // Fewer partitions than the default keep the test broker small; two members still share a group.
  partitions: 4,
  delayTopicPrefix: `cadenza-test.delay.${runId}`,
  delayForwarderGroup: `cadenza-test.delay-forwarder.${runId}`,
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 500,
  rebalanceTimeoutMs: 8_000,
  ...overrides,
});

/** A connected transport with {@link testOptions}. */
export const createTestTransport = (overrides: Partial<KafkaTransportOptions> = {}): Promise<KafkaTransport> =>
  createKafkaTransport(testOptions(overrides));
