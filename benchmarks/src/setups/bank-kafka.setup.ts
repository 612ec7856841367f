import { createInMemoryHistoryStore } from '@cadenza/in-memory';
import { BANK_WORKER_SETTINGS, startBankHarness } from '../bank/bank-harness';
import { type BankRun, runBankLevels } from '../bank/bank-runs';
import { freshName } from '../support/fresh-name';
import { reachableKafkaBrokers } from '../support/kafka-brokers';
import type { BenchSetup } from './bench-setup';
import { bankSummaryRows } from './bank-summary';
import { brokerRatio } from './broker-ratio';
import { formatCount, resultHeader } from './result-header';

const name = 'bank-transfer.kafka.in-memory';
const about = 'The bank transfer on the Kafka transport (in-memory history), next to plain kafkajs produce→consume '
  + 'of the same number and size of messages on the same broker.';

/**
 * The raw rate of a message that is produced and then consumed: the helper produces everything first and
 * consumes afterwards, so each message costs a produce and a consume, `1 / (1/produce + 1/consume)`. Its
 * end-to-end figure also counts the consumer group's join, which no workflow pays per message.
 */
const producedThenConsumed = (produce: number, consume: number): number => Math.round(1 / (1 / produce + 1 / consume));

/** The bank transfer over a real Kafka broker; skipped when none answers. */
export const bankKafkaSetup: BenchSetup = {
  name,
  about,
  run: async (scale) => {
    const kafkaBrokers = await reachableKafkaBrokers();
    if ('skipped' in kafkaBrokers) return { status: 'skipped', reason: kafkaBrokers.skipped };
    const { brokers } = kafkaBrokers;
    const kafka = await import('@cadenza/kafka');
    const header = resultHeader(name, about, scale);
    const namespace = freshName('bench');
    const harness = await startBankHarness({ transport: await kafka.createKafkaTransport({ brokers }), history: createInMemoryHistoryStore(), namespace });
    let runs: BankRun[];
    let envelopeBytes: number;
    try {
      runs = await runBankLevels(name, harness, scale.broker);
      envelopeBytes = harness.transport.meanEnvelopeBytes;
    } finally {
      await harness.stop();
    }
    const sizeBytes = envelopeBytes > 0 ? envelopeBytes : 512;
    const raw = await kafka.testing.measureRawKafkaThroughput({ brokers, messages: scale.rawMessages, sizeBytes });
    const rawMessagesPerSecond = producedThenConsumed(raw.produceMsgsPerSec, raw.consumeMsgsPerSec);
    const ratio = brokerRatio(runs, rawMessagesPerSecond);
    console.log(`  ${name}: raw kafkajs ${formatCount(rawMessagesPerSecond)} msgs/s produced then consumed (${formatCount(raw.messages)} × ${raw.sizeBytes} B;`
      + ` produce ${formatCount(raw.produceMsgsPerSec)}/s, consume ${formatCount(raw.consumeMsgsPerSec)}/s)`
      + (ratio ? `; workflows move ${formatCount(ratio.workflowMessagesPerSecond)} msgs/s → ratio ${ratio.ratio}` : ''));
    return {
      status: 'done',
      result: { ...header, worker: BANK_WORKER_SETTINGS, namespace, runs, raw: { ...raw, rawMessagesPerSecond }, ratio },
      summary: [
        ...bankSummaryRows(name, runs),
        { setup: name, measure: `raw kafkajs produce→consume (${raw.sizeBytes} B)`, value: `${formatCount(rawMessagesPerSecond)} msgs/s` },
        { setup: name, measure: 'workflow msgs/s ÷ raw msgs/s', value: ratio ? `${ratio.ratio} (${formatCount(ratio.workflowMessagesPerSecond)} msgs/s at ${formatCount(ratio.inFlight)} in flight)` : 'n/a' },
      ],
    };
  },
};
