/**
 * A process for the kill tests: `node child-transport.js '<json command>'`. It reports to its parent over
 * the IPC channel and runs until killed.
 * - `{ mode: 'consume', options, topic, group, deadLetterTopic, hangOn }`: per-key subscriber that reports
 *   `{ finished: n }` per message and hangs forever on message `hangOn` (reporting `{ hanging: n }`).
 * - `{ mode: 'publish-delayed', options, topic, value, deliverAt }`: publishes one delayed message, reports
 *   `{ published: value }`.
 */
import { testEnvelope, valueOf } from '@cadenza/conformance';
import { createPulsarTransport, type PulsarTransportOptions } from '../../src';

interface Command {
  mode: 'consume' | 'publish-delayed';
  options: PulsarTransportOptions;
  topic: string;
  group?: string;
  deadLetterTopic?: string;
  hangOn?: number;
  value?: unknown;
  deliverAt?: number;
}

const report = (message: object) => process.send?.(message);

const main = async () => {
  const c = JSON.parse(process.argv[2] ?? '{}') as Command;
  const transport = createPulsarTransport(c.options);
  if (c.mode === 'consume') {
    await transport.subscribe(c.topic, c.group!, async (d) => {
      const n = valueOf(d.envelope) as number;
      if (n === c.hangOn) {
        report({ hanging: n });
        await new Promise(() => undefined);
      }
      report({ finished: n });
    }, { order: 'per-key', concurrency: 4, deadLetterTopic: c.deadLetterTopic! });
    report({ subscribed: true });
  } else {
    await transport.publish(c.topic, testEnvelope(c.value), { key: 'k', deliverAt: c.deliverAt! });
    report({ published: c.value });
  }
  setInterval(() => undefined, 60_000);
};

main().catch((error) => {
  report({ error: String(error) });
  process.exit(1);
});
