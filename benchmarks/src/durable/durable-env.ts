import type { Transport } from '@cadenza/core';
import { reachableKafkaBrokers } from '../support/kafka-brokers';
import { hostAndPort, isReachable } from '../support/reachable';

/** The brokers of the durable setups. */
export type DurableTransportKind = 'kafka' | 'pulsar';

/** Where a durable setup's broker and database are: plain data, so a child process gets it as JSON. */
export interface DurableEnv {
  readonly kind: DurableTransportKind;
  /** Kafka: the brokers; Pulsar: one service URL. */
  readonly addresses: readonly string[];
  /** The TCP port the broker listens on, to find its process (for its CPU). */
  readonly brokerPort: number;
  readonly postgresUrl: string;
  readonly postgresPort: number;
}

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The broker and database of a durable setup (`CADENZA_KAFKA_BROKERS`, `CADENZA_PULSAR_URL`,
 *  `CADENZA_POSTGRES_URL`), or why it is skipped: one of them does not answer. */
export const reachableDurableEnv = async (kind: DurableTransportKind, env: NodeJS.ProcessEnv = process.env): Promise<DurableEnv | { skipped: string }> => {
  const postgresUrl = env.CADENZA_POSTGRES_URL ?? DEFAULT_POSTGRES_URL;
  const pg = hostAndPort(postgresUrl, 5432);
  if (!(await isReachable(pg.host, pg.port))) return { skipped: `PostgreSQL not reachable at ${pg.host}:${pg.port} (set CADENZA_POSTGRES_URL)` };
  if (kind === 'kafka') {
    const kafka = await reachableKafkaBrokers();
    if ('skipped' in kafka) return kafka;
    return { kind, addresses: kafka.brokers, brokerPort: hostAndPort(kafka.brokers[0]!, 9092).port, postgresUrl, postgresPort: pg.port };
  }
  const serviceUrl = env.CADENZA_PULSAR_URL ?? 'pulsar://127.0.0.1:6650';
  const pulsar = hostAndPort(serviceUrl, 6650);
  if (!(await isReachable(pulsar.host, pulsar.port))) return { skipped: `Pulsar not reachable at ${serviceUrl} (set CADENZA_PULSAR_URL)` };
  return { kind, addresses: [serviceUrl], brokerPort: pulsar.port, postgresUrl, postgresPort: pg.port };
};

/** A new transport on the setup's broker, with the adapter's defaults (what a user gets). */
export const createDurableTransport = async (env: DurableEnv): Promise<Transport> => {
  if (env.kind === 'kafka') {
    const kafka = await import('@cadenza/kafka');
    return kafka.createKafkaTransport({ brokers: [...env.addresses] });
  }
  const pulsar = await import('@cadenza/pulsar');
  return pulsar.createPulsarTransport({ type: 'pulsar', serviceUrl: env.addresses[0]! });
};
