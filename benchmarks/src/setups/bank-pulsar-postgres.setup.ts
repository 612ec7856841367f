import { durableBankSetup } from '../durable/durable-bank-setup';

/** `bank-transfer.pulsar.postgres`: Pulsar plus PostgreSQL, one process and three; skipped when either is down. */
export const bankPulsarPostgresSetup = durableBankSetup('pulsar');
