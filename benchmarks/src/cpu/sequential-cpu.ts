import { startCheckoutHarness } from './checkout-harness';

/**
 * `node benchmarks/dist/src/cpu/sequential-cpu.js [checkout] [rounds] [transfers]`: the CPU time (user +
 * system, from process.cpuUsage, so other processes on the machine do not count as ours) of one sequential
 * bank transfer on the in-memory transport and store. It warms up with 1,000 transfers, then runs `rounds`
 * (default 5) of `transfers` (default 5,000) and prints one JSON line: µs per transfer in each round and
 * their median. Given the root of another built checkout, it runs that checkout's harness and adapters, so
 * two commits are measured the same way; run them in turns, in one sitting, to compare them.
 */
const main = async (): Promise<void> => {
  const [given, rounds = '5', transfers = '5000'] = process.argv.slice(2);
  const { harness, checkout } = await startCheckoutHarness(given);
  let n = 0;
  for (let i = 0; i < 1_000; i++) await harness.transfer(n++);
  const perTransferUs: number[] = [];
  for (let round = 0; round < Number(rounds); round++) {
    harness.resetServices();
    const before = process.cpuUsage();
    for (let i = 0; i < Number(transfers); i++) await harness.transfer(n++);
    const used = process.cpuUsage(before);
    perTransferUs.push(Math.round((10 * (used.user + used.system)) / Number(transfers)) / 10);
  }
  await harness.stop();
  const sorted = [...perTransferUs].sort((a, b) => a - b);
  console.log(JSON.stringify({ checkout, medianUs: sorted[Math.floor(sorted.length / 2)], perTransferUs }));
};

void main();
