import { appendFileSync } from 'node:fs';
import { createEventListener } from '@cadenza/events';

/**
 * A listener process for the kill-and-restart case: `node listener-process.js` with CADENZA_EVENTS_CONFIG (the
 * Cadenza config as JSON), CADENZA_EVENTS_GROUP and CADENZA_EVENTS_FILE. Each event it handles is appended to the
 * file as one JSON line before its batch resolves; it prints `ready` once attached and is meant to be SIGKILLed.
 */
const main = async (): Promise<void> => {
  const { CADENZA_EVENTS_CONFIG: config, CADENZA_EVENTS_GROUP: group, CADENZA_EVENTS_FILE: file } = process.env;
  if (!config || !group || !file) throw new Error('usage: listener-process.js with CADENZA_EVENTS_CONFIG, CADENZA_EVENTS_GROUP and CADENZA_EVENTS_FILE');
  await createEventListener({ logLevel: 'error', ...JSON.parse(config) }, {
    group, maxEvents: 10, maxWaitMs: 20,
    onBatch: async (events) => {
      await new Promise((resolve) => setTimeout(resolve, 5)); // slow enough to be killed mid-stream
      appendFileSync(file, events.map((event) => `${JSON.stringify(event.toJSON())}\n`).join(''));
    },
  });
  console.log('ready');
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
