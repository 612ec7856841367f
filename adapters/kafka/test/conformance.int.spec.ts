import { describeTransportConformance } from '@cadenza/conformance';
import { kafkaTransportCapabilities, type KafkaTransport } from '../src';
import { createTestTransport, useKafkaBroker } from './support/kafka-broker';
import { refuseFetches } from './support/refused-fetches';

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
  // The consumer dies for real: kafkajs stops it after the broker refuses its fetches with a non-retriable error.
  // Lifted once it has stopped, so that the suite's next member of the group can read the topic.
  killSubscription: async (subscription, topic) => {
    const lift = refuseFetches(topic);
    await subscription.stopped;
    lift();
  },
  teardown: async () => {
    await raw?.close();
  },
});
