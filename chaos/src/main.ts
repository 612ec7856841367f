import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CHAOS_USAGE, ChaosUsageError, parseChaosArgs } from './chaos-args';
import { resolveChaosOptions } from './chaos-options';
import { runChaos } from './run-chaos';

const resultsDir = join(__dirname, '../../../benchmarks/results');

/** `npm run chaos -- --transport kafka …`: writes the report; exit code 1 when an invariant broke. */
const main = async (): Promise<number> => {
  let options;
  try {
    options = parseChaosArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof ChaosUsageError)) throw error;
    console.error(`${error.message}\n${CHAOS_USAGE}`);
    return 2;
  }
  const o = resolveChaosOptions(options);
  const report = await runChaos(options);
  // npm runs scripts from the repository root, so a relative --out is taken from where the user typed it.
  const out = o.out ? resolve(process.env.INIT_CWD ?? process.cwd(), o.out) : join(resultsDir, `${report.setup}.json`);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  const file = out;
  const { transfers: t } = report;
  console.log(`chaos: ${t.completed}/${t.requested} transfers completed in ${(report.elapsedMs / 1000).toFixed(1)} s (${report.throughputPerSecond}/s, ${report.throughputUnderFaultsPerSecond}/s under faults); ${report.faults.length} faults; ${t.executions} executions of ${t.distinctTasks} tasks; ${report.processes.unexpectedExits.length} worker crashes`);
  for (const [kind, s] of Object.entries(report.stalls)) {
    if (s.faults > 0) console.log(`chaos: ${kind}: ${s.faults} (${s.failed} failed), stall to next step p50 ${s.toNextStepMs.p50Ms} ms p99 ${s.toNextStepMs.p99Ms} ms, to next completion p50 ${s.toNextCompletionMs.p50Ms} ms p99 ${s.toNextCompletionMs.p99Ms} ms`);
  }
  for (const v of report.violations.slice(0, 20)) console.log(`chaos: VIOLATION ${v.invariant} ${v.workflowId}: ${v.message}; faults before: ${v.faultsBefore.slice(0, 3).join('; ') || 'none'}`);
  if (report.violations.length > 20) console.log(`chaos: … ${report.violations.length - 20} more violations in ${file}`);
  console.log(`chaos: report in ${file}`);
  return report.violations.length > 0 ? 1 : 0;
};

main().then((code) => (process.exitCode = code), (error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
