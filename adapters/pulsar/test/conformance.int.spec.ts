import { describeTransportConformance } from '@cadenza/conformance';
import { createPulsarTransport, pulsarCapabilities, type PulsarTransport } from '../src';
import { brokerOptions } from './support/broker';

const harness = (name: string, batchingMaxMessages: number) => {
  const made: PulsarTransport[] = [];
  const make = (): PulsarTransport => {
    const transport = createPulsarTransport(brokerOptions({ batchingMaxMessages }));
    made.push(transport);
    return transport;
  };
  const raw = make();
  return {
    name,
    capabilities: pulsarCapabilities(),
    create: async () => make(),
    publishRaw: (topic: string, bytes: Uint8Array, key?: string) => raw.publishRaw(topic, bytes, key),
    teardown: async () => {
      await Promise.all(made.map((t) => t.close()));
    },
  };
};

describeTransportConformance(harness('pulsar', 1));
// The same contract with producer batching on: batches are per key, so order and routing must still hold.
describeTransportConformance(harness('pulsar with producer batching', 100));
