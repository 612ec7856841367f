import { describeSignedEnvelopes } from '@cadenza/conformance';
import { createTestTransport, testOptions, useKafkaBroker } from './support/kafka-broker';

useKafkaBroker();

// Workers and clients are built from `transport: { type: kafka, … }` with `signing:`, so the signed transport
// is the one the core wraps around the adapter; the forger is a plain Kafka transport on the same broker.
describeSignedEnvelopes({
  name: 'kafka (127.0.0.1:9092)',
  transportConfig: () => ({ type: 'kafka', ...testOptions() }),
  createRawTransport: () => createTestTransport(),
  teardown: async () => undefined,
});
