import { describeTransportConformance } from '@cadenza/conformance';
import { createPulsarTransport, pulsarCapabilities, type PulsarTransport } from '../src';
import { brokerOptions } from './support/broker';

const made: PulsarTransport[] = [];
const make = (): PulsarTransport => {
  const transport = createPulsarTransport(brokerOptions());
  made.push(transport);
  return transport;
};
const raw = make();

describeTransportConformance({
  name: 'pulsar',
  capabilities: pulsarCapabilities(),
  create: async () => make(),
  publishRaw: (topic, bytes, key) => raw.publishRaw(topic, bytes, key),
  teardown: async () => {
    await Promise.all(made.map((t) => t.close()));
  },
});
