import type { Transport } from '@cadenza/core';
import { createInMemoryHistoryStore } from '@cadenza/in-memory';
import { compareWithListener, listenerOutcome } from '../events/listener-bench';
import { freshName } from '../support/fresh-name';
import { reachableKafkaBrokers } from '../support/kafka-brokers';
import type { BenchSetup } from './bench-setup';
import { resultHeader } from './result-header';

const name = 'events-listener.kafka.in-memory';
const about = 'The bank transfer at 1,000 in flight on the Kafka transport (in-memory history), events published, without and then with '
  + 'an event listener on its own Kafka transport (default options, one batch handler): the bank figures both ways, the listener\'s events/s and its lag.';

/** What a listener costs the workers on a real Kafka broker; skipped when none answers. Each run has a fresh namespace, so fresh topics. */
export const eventsListenerKafkaSetup: BenchSetup = {
  name,
  about,
  run: async (scale) => {
    const kafkaBrokers = await reachableKafkaBrokers();
    if ('skipped' in kafkaBrokers) return { status: 'skipped', reason: kafkaBrokers.skipped };
    const { brokers } = kafkaBrokers;
    const kafka = await import('@cadenza/kafka');
    const header = resultHeader(name, about, scale);
    const plan = { inFlight: scale.listenerInFlight, warmupMs: scale.broker.warmupMs, measureMs: scale.broker.measureMs };
    const comparison = await compareWithListener(name, plan, async () => {
      let listenerTransport: Transport | undefined;
      return {
        namespace: freshName('bench'),
        transport: await kafka.createKafkaTransport({ brokers }),
        history: createInMemoryHistoryStore(),
        listenerTransport: async () => (listenerTransport = await kafka.createKafkaTransport({ brokers })),
        close: async () => listenerTransport?.close(),
      };
    });
    return listenerOutcome(header, plan, comparison);
  },
};
