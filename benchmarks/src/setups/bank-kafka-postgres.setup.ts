import { durableBankSetup } from '../durable/durable-bank-setup';

/** `bank-transfer.kafka.postgres`: Kafka plus PostgreSQL, one process and three; skipped when either is down. */
export const bankKafkaPostgresSetup = durableBankSetup('kafka');
