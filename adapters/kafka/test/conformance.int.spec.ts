import { describeTransportConformance } from '@cadenza/conformance';
import { kafkaTransportCapabilities, type KafkaTransport } from '../src';
import { createTestTransport, useKafkaBroker } from './support/kafka-broker';

useKafkaBroker();

let raw: KafkaTransport | undefined;

describeTransportConformance({
  name: 'kafka',
  capabilities: kafkaTransportCapabilities(),
  create: () => createTestTransport(),
  publishRaw: async (topic, bytes, key) => {
    raw ??= await createTestTransport({ runDelayForwarder: false });
    await raw.publishRecord({ topic, value: Buffer.from(bytes), ...(key !== undefined ? { key } : {}) });
  },
  teardown: async () => {
    await raw?.close();
  },
});
