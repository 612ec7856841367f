import { describeTransportConformance } from '@cadenza/conformance';
import type { Subscription } from '@cadenza/core';
import { createPulsarTransport, pulsarCapabilities, type PulsarTransport } from '../src';
import { fullTopicName } from '../src/client/topic-name';
import { ensureNamespace } from './support/admin';
import { brokerOptions } from './support/broker';
import { KILL_NAMESPACE, killSubscription } from './support/kill-subscription';

// The suite runs in the namespace whose subscriptions `killSubscription` may kill (it changes that namespace's policy).
before(() => ensureNamespace(KILL_NAMESPACE));

const harness = (name: string, batchingMaxMessages: number) => {
  const made: PulsarTransport[] = [];
  const make = (): PulsarTransport => {
    const transport = createPulsarTransport(brokerOptions({ batchingMaxMessages, namespace: KILL_NAMESPACE }));
    made.push(transport);
    return transport;
  };
  const raw = make();
  return {
    name,
    capabilities: pulsarCapabilities(),
    create: async () => make(),
    publishRaw: (topic: string, bytes: Uint8Array, key?: string) => raw.publishRaw(topic, bytes, key),
    // The broker closes the consumer and refuses it back (NotAllowed), so the subscription reports 'failed'.
    killSubscription: (subscription: Subscription, topic: string) => killSubscription(subscription, fullTopicName(topic, 'public', KILL_NAMESPACE)),
    teardown: async () => {
      await Promise.all(made.map((t) => t.close()));
    },
  };
};

describeTransportConformance(harness('pulsar', 1));
// The same contract with producer batching on: batches are per key, so order and routing must still hold.
describeTransportConformance(harness('pulsar with producer batching', 100));
