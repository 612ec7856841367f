import { createClient, createWorker } from '@cadenza/core';
import { randomUUID } from 'node:crypto';
import { describeAlert } from './attempt-streak-alert';
import { createFlakyService, FlakyService, FlakyWorkflow } from './flaky-demo';
import { startTaskAlerts } from './task-alerts';

/**
 * `npm start -w @cadenza/example-events-alert`: on the in-memory transport, runs one workflow whose task
 * fails three attempts before it succeeds and one whose task fails twice, and prints each alert raised.
 */
const main = async (): Promise<void> => {
  const config = { transport: { type: 'in-memory' as const }, history: { type: 'in-memory' as const }, namespace: `alert-demo-${randomUUID().slice(0, 8)}`, logLevel: 'error' as const, events: { publish: true } };
  const worker = createWorker(config)
    .registerWorkflow(FlakyWorkflow)
    .registerService(FlakyService, createFlakyService({ 'fails-3': 3, 'fails-2': 2 }), { retry: { initialDelayMs: 50, jitter: 0 } });
  await worker.start();
  const client = createClient(config);
  let raised = 0;
  const alerts = await startTaskAlerts(config, { onAlert: (alert) => { raised++; console.log(describeAlert(alert)); } });
  try {
    for (const key of ['fails-3', 'fails-2']) console.log(await client.newWorkflow(FlakyWorkflow).run(key));
    for (let waited = 0; (alerts.streaks.ended < 2 || alerts.streaks.tracked > 0) && waited < 5_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    console.log(`alerts raised: ${raised}`);
    if (raised !== 1) process.exitCode = 1;
  } finally {
    await alerts.listener.stop();
    await client.close();
    await worker.stop();
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
