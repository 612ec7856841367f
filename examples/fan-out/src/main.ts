import { expectedSum, FanOutWorkflow } from './fan-out-workflow';
import { startFanOut } from './run-fan-out';

/** `npm start [-- --tasks N]`: one fan-out of N tasks (1,000 by default) on in-memory adapters, timed. */
const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  const at = args.indexOf('--tasks');
  const tasks = at === -1 ? 1_000 : Number(args[at + 1]);
  const fanOut = await startFanOut();
  try {
    const started = Date.now();
    const result = await fanOut.client.newWorkflow(FanOutWorkflow).run(tasks);
    const ms = Date.now() - started;
    console.log(`FanOutWorkflow.run(${tasks}): ${result.tasks} tasks, sum ${result.sum}, in ${ms} ms (${Math.round((result.tasks * 1_000) / Math.max(ms, 1))} tasks/s)`);
    const ok = result.tasks === tasks && result.sum === expectedSum(tasks);
    console.log(ok ? 'sum of squares ✓' : `sum of squares ✗ (expected ${expectedSum(tasks)})`);
    if (!ok) process.exitCode = 1;
  } finally {
    await fanOut.stop();
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
