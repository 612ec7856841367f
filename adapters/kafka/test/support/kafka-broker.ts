import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { createKafkaTransport, type KafkaTransport, type KafkaTransportOptions } from '../../src';

/** The broker infra/kafka/start.sh runs; KAFKA_BROKERS overrides it (comma-separated). */
export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

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
      resolve();
    });
    socket.once('timeout', () => fail('timed out'));
    socket.once('error', (error) => fail(error.message));
  });
};

/** A prefix unique to this test run, for delay topics and forwarder groups. */
export const runId = `${process.pid}-${randomUUID().slice(0, 8)}`;

/** Transport options for tests: this run's own delay topics and forwarder group, fast group timings. */
export const testOptions = (overrides: Partial<KafkaTransportOptions> = {}) => ({
  brokers: BROKERS,
  clientId: 'cadenza-test',
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
