import type { BenchSetup } from './bench-setup';
import { bankInMemorySetup } from './bank-in-memory.setup';
import { bankKafkaPostgresSetup } from './bank-kafka-postgres.setup';
import { bankKafkaSetup } from './bank-kafka.setup';
import { bankPostgresSetup } from './bank-postgres.setup';
import { bankPulsarSetup } from './bank-pulsar.setup';
import { bankPulsarPostgresSetup } from './bank-pulsar-postgres.setup';
import { eventsListenerKafkaSetup } from './events-listener-kafka.setup';
import { eventsListenerSetup } from './events-listener.setup';
import { fanOutSetup } from './fan-out.setup';
import { longWorkflowSetup } from './long-workflow.setup';
import { signalsSetup } from './signals.setup';
import { tagFanOutSetup } from './tag-fan-out.setup';
import { queriesSetup } from './queries.setup';
import { batchingSetup } from './batching.setup';
import { suspendedTimersSetup } from './suspended-timers.setup';

/** Every setup, in the order a full run takes them. */
export const allSetups: readonly BenchSetup[] = [
  bankInMemorySetup, eventsListenerSetup, longWorkflowSetup, fanOutSetup, queriesSetup, bankKafkaSetup, eventsListenerKafkaSetup, bankPulsarSetup, bankPostgresSetup,
  signalsSetup, tagFanOutSetup, bankKafkaPostgresSetup, bankPulsarPostgresSetup, batchingSetup, suspendedTimersSetup,
];
