import { startCheckoutHarness } from './checkout-harness';

/**
 * `node benchmarks/dist/src/cpu/in-flight-cpu.js [checkout] [in-flight] [rounds] [transfers]`: the CPU time (user +
 * system, from process.cpuUsage) of one bank transfer on the in-memory transport and store with `in-flight`
 * (default 1,000) transfers kept running, as the closed loop of the bench does. It warms up with 5,000 transfers,
 * then runs `rounds` (default 3) of `transfers` (default 10,000) and prints one JSON line: µs per transfer in each
 * round, their median, and the wall rate of each round. Compared with `sequential-cpu.js` it shows what grows with
 * the number in flight; like it, given another built checkout it runs that one's harness, so two commits are
 * measured alike (run them in turns).
 */
const main = async (): Promise<void> => {
  const [given, inFlight = '1000', rounds = '3', transfers = '10000'] = process.argv.slice(2);
  const { harness, checkout } = await startCheckoutHarness(given);
  let n = 0;
  const runMany = async (count: number): Promise<void> => {
    let left = count;
    const lane = async (): Promise<void> => {
      while (left > 0) {
        left--;
        await harness.transfer(n++);
      }
    };
    await Promise.all(Array.from({ length: Number(inFlight) }, lane));
  };
  await runMany(5_000);
  const perTransferUs: number[] = [];
  const workflowsPerSecond: number[] = [];
  for (let round = 0; round < Number(rounds); round++) {
    harness.resetServices();
    const before = process.cpuUsage();
    const started = performance.now();
    await runMany(Number(transfers));
    const used = process.cpuUsage(before);
    workflowsPerSecond.push(Math.round(Number(transfers) / ((performance.now() - started) / 1000)));
    perTransferUs.push(Math.round((10 * (used.user + used.system)) / Number(transfers)) / 10);
  }
  await harness.stop();
  const sorted = [...perTransferUs].sort((a, b) => a - b);
  console.log(JSON.stringify({ checkout, inFlight: Number(inFlight), medianUs: sorted[Math.floor(sorted.length / 2)], perTransferUs, workflowsPerSecond }));
};

void main();
