import { createInMemoryHistoryStore } from '@cadenza/in-memory';
import { BANK_WORKER_SETTINGS, startBankHarness } from '../bank/bank-harness';
import { type BankRun, runBankLevels } from '../bank/bank-runs';
import { freshName } from '../support/fresh-name';
import { hostAndPort, isReachable } from '../support/reachable';
import type { BenchSetup } from './bench-setup';
import { bankSummaryRows } from './bank-summary';
import { brokerRatio } from './broker-ratio';
import { formatCount, resultHeader } from './result-header';

const name = 'bank-transfer.pulsar.in-memory';
const about = 'The bank transfer on the Pulsar transport (in-memory history), next to the adapter client\'s plain '
  + 'produce→consume of the same number and size of messages on the same broker.';

/** The bank transfer over a real Pulsar broker; skipped when none answers. */
export const bankPulsarSetup: BenchSetup = {
  name,
  about,
  run: async (scale) => {
    const serviceUrl = process.env.CADENZA_PULSAR_URL ?? 'pulsar://127.0.0.1:6650';
    const { host, port } = hostAndPort(serviceUrl, 6650);
    if (!(await isReachable(host, port))) {
      return { status: 'skipped', reason: `Pulsar not reachable at ${serviceUrl} (start it with infra/pulsar/start.sh, or set CADENZA_PULSAR_URL)` };
    }
    const pulsar = await import('@cadenza/pulsar');
    const header = resultHeader(name, about, scale);
    const namespace = freshName('bench');
    const harness = await startBankHarness({ transport: pulsar.createPulsarTransport({ type: 'pulsar', serviceUrl }), history: createInMemoryHistoryStore(), namespace });
    let runs: BankRun[];
    let envelopeBytes: number;
    try {
      runs = await runBankLevels(name, harness, scale.broker);
      envelopeBytes = harness.transport.meanEnvelopeBytes;
    } finally {
      await harness.stop();
    }
    const sizeBytes = envelopeBytes > 0 ? envelopeBytes : 512;
    // The helper batches by default (as Pulsar's Java client does) while the transport sends one message per
    // entry by default: measure both, and take the ratio against the batched one, the broker's best.
    const raw = await pulsar.measureRawPulsarThroughput({ serviceUrl, messages: scale.rawMessages, sizeBytes });
    const rawUnbatched = await pulsar.measureRawPulsarThroughput({ serviceUrl, messages: scale.rawMessages, sizeBytes, batchingMaxMessages: 1 });
    const ratio = brokerRatio(runs, raw.messagesPerSecond);
    const ratioUnbatched = brokerRatio(runs, rawUnbatched.messagesPerSecond);
    console.log(`  ${name}: raw Pulsar ${formatCount(raw.messagesPerSecond)} msgs/s produce→consume batched by ${raw.batchingMaxMessages},`
      + ` ${formatCount(rawUnbatched.messagesPerSecond)} msgs/s unbatched (${formatCount(raw.messages)} × ${raw.sizeBytes} B)`
      + (ratio && ratioUnbatched ? `; workflows move ${formatCount(ratio.workflowMessagesPerSecond)} msgs/s → ratio ${ratio.ratio} (${ratioUnbatched.ratio} unbatched)` : ''));
    return {
      status: 'done',
      result: { ...header, worker: BANK_WORKER_SETTINGS, namespace, runs, raw, ratio, rawUnbatched, ratioUnbatched },
      summary: [
        ...bankSummaryRows(name, runs),
        { setup: name, measure: `raw Pulsar produce→consume (${raw.sizeBytes} B)`, value: `${formatCount(raw.messagesPerSecond)} msgs/s batched, ${formatCount(rawUnbatched.messagesPerSecond)} unbatched` },
        { setup: name, measure: 'workflow msgs/s ÷ raw msgs/s', value: ratio && ratioUnbatched ? `${ratio.ratio} (${ratioUnbatched.ratio} unbatched; ${formatCount(ratio.workflowMessagesPerSecond)} msgs/s at ${formatCount(ratio.inFlight)} in flight)` : 'n/a' },
      ],
    };
  },
};
