import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { KafkaTransport } from './kafka-transport';
import { type KafkaTransportInput, resolveKafkaOptions } from './kafka-transport.options';
import { idempotentProducer, RenewingProducer } from './publish/renewing-producer';
import { toConnectError } from './security/connect-error';
import { toNodeTls } from './security/kafka-tls';
import { kafkajsLogCreator, type KafkaLogger, silentLogger } from './support/kafka-logger';
import { installRequestQueueTimerFix } from './support/request-queue-timer';
import { checkMaxMessageBytes } from './topics/broker-limits';
import { withTimeout } from './support/with-timeout';

/** What {@link createKafkaTransport} takes besides options. */
export interface KafkaTransportDeps {
  /** Where the adapter and kafkajs log; silent when absent.
   *  @default a logger that drops everything */
  readonly logger?: KafkaLogger;
}

/**
 * Builds a Kafka transport and connects it (admin client and idempotent producer). `raw` is validated like
 * config (`ConfigError` naming the field). An unreachable broker rejects with a `TransportError` within
 * `operationTimeoutMs`; credentials the broker refuses, or a broker certificate that does not verify, reject
 * with a non-retriable `ConfigError` naming `transport.sasl` or `transport.ssl.*`; a `maxMessageBytes` over the
 * broker's `message.max.bytes` (less record overhead) with a `ConfigError` naming `transport.maxMessageBytes`.
 */
export const createKafkaTransport = async (
  raw: KafkaTransportInput,
  deps: KafkaTransportDeps = {},
): Promise<KafkaTransport> => {
  const options = resolveKafkaOptions({ type: 'kafka', ...raw });
  installRequestQueueTimerFix();
  const logger = deps.logger ?? silentLogger;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5_000 },
    logLevel: deps.logger ? logLevel.INFO : logLevel.NOTHING,
    logCreator: kafkajsLogCreator(logger),
    ...(options.ssl !== undefined ? { ssl: toNodeTls(options.ssl) } : {}),
    ...(options.sasl !== undefined ? { sasl: { ...options.sasl } as SASLOptions } : {}),
  });
  const admin = kafka.admin();
  const producer = new RenewingProducer(() => idempotentProducer(kafka), logger);
  const what = `connecting to ${options.brokers.join(',')}`;
  try {
    await withTimeout(what, options.operationTimeoutMs, Promise.all([admin.connect(), producer.connect()]));
  } catch (error) {
    await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
    throw toConnectError(what, error, options);
  }
  try {
    await withTimeout(`${what}: reading message.max.bytes`, options.operationTimeoutMs, checkMaxMessageBytes(admin, options.maxMessageBytes, logger));
  } catch (error) {
    await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
    throw error;
  }
  return new KafkaTransport({ kafka, admin, producer, options, logger });
};
