import type { BenchSetup } from './bench-setup';
import { bankInMemorySetup } from './bank-in-memory.setup';
import { bankKafkaSetup } from './bank-kafka.setup';
import { bankPostgresSetup } from './bank-postgres.setup';
import { bankPulsarSetup } from './bank-pulsar.setup';
import { eventsListenerKafkaSetup } from './events-listener-kafka.setup';
import { eventsListenerSetup } from './events-listener.setup';
import { fanOutSetup } from './fan-out.setup';
import { longWorkflowSetup } from './long-workflow.setup';
import { queriesSetup } from './queries.setup';

/** Every setup, in the order a full run takes them. */
export const allSetups: readonly BenchSetup[] = [bankInMemorySetup, eventsListenerSetup, longWorkflowSetup, queriesSetup, fanOutSetup, bankKafkaSetup, eventsListenerKafkaSetup, bankPulsarSetup, bankPostgresSetup];
