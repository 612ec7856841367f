import { parseArgs, USAGE, UsageError } from './cli-args';
import { UnknownFaultError } from './fault-kinds';
import { inMemoryBackend } from './in-memory-backend';
import { runSeeds } from './run-seeds';
import { describeReport } from './simulate-seed';

/** `npm run simulate -- --seed 1234` or `--seeds 1000`: exit code 1 when a seed breaks an invariant. */
const main = async (): Promise<number> => {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof UnknownFaultError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  const { from, count, faults, every, verbose } = args;
  console.log(`simulating seeds ${from}..${from + count - 1} with faults: ${faults.join(',') || 'none'}`);
  const summary = await runSeeds({ from, count }, faults, inMemoryBackend(), {
    every,
    progress: (done, failing, ms) => console.log(`  ${done}/${count} seeds, ${failing} failing, ${(ms / 1000).toFixed(1)} s`),
    failed: (report) => console.log(describeReport(report, faults, verbose || count === 1).join('\n')),
  });
  if (count === 1 && summary.failing.length === 0) console.log(`seed ${from}: ok`);
  const byInvariant = new Map<string, number>();
  for (const report of summary.failing) for (const invariant of new Set(report.violations.map((v) => v.invariant))) byInvariant.set(invariant, (byInvariant.get(invariant) ?? 0) + 1);
  if (byInvariant.size > 0) console.log(`failing seeds by invariant: ${[...byInvariant].map(([name, n]) => `${name} ${n}`).join(', ')}`);
  const seconds = (summary.elapsedMs / 1000).toFixed(1);
  console.log(`seeds run: ${summary.run}, failing: ${summary.failing.length}${summary.failing.length ? ` (${summary.failing.map((r) => r.seed).join(', ')})` : ''}, time: ${seconds} s (${(summary.elapsedMs / summary.run).toFixed(1)} ms/seed)`);
  return summary.failing.length > 0 ? 1 : 0;
};

main().then((code) => (process.exitCode = code), (error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
