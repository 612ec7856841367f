import { parseBenchFlags, selectSetups, USAGE } from './cli/bench-flags';
import { runSetupForked } from './cli/run-forked';
import { runSetupHere } from './cli/run-in-process';
import type { SetupReport } from './cli/setup-report';
import { summaryTable } from './cli/summary-table';
import { defaultResultsDir } from './paths';
import { allSetups } from './setups/all-setups';
import { fullScale, quickScale } from './setups/scale';

/**
 * `npm run bench [-w @cadenza/benchmarks -- --only <names> --quick …]`: runs the selected setups (each in
 * its own child process unless `--in-process`), writes one JSON file per setup and prints a summary table.
 * A broker that does not answer skips its setup; a setup that fails makes the exit code 1.
 */
/** Hands a report to the parent process, if any, and waits until it is sent (the process exits soon after). */
const sendToParent = (report: SetupReport): Promise<void> =>
  new Promise((resolve) => (process.send ? process.send(report, undefined, undefined, () => resolve()) : resolve()));

const main = async (): Promise<number> => {
  const flags = parseBenchFlags(process.argv.slice(2), process.env);
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  if (flags.list) {
    for (const setup of allSetups) console.log(`${setup.name}\n  ${setup.about}`);
    return 0;
  }
  const selected = selectSetups(allSetups, flags.only);
  if (selected.length === 0) {
    console.error(`no setup matches --only ${flags.only.join(',')}; the setups are: ${allSetups.map((s) => s.name).join(', ')}`);
    return 1;
  }
  const scale = flags.quick ? quickScale : fullScale;
  const resultsDir = flags.resultsDir ?? (flags.quick ? undefined : defaultResultsDir);
  const reports: SetupReport[] = [];
  if (flags.inProcess) {
    for (const setup of selected) {
      const report = await runSetupHere(setup, scale, resultsDir);
      reports.push(report);
      await sendToParent(report);
    }
    if (process.send) return reports.some((r) => r.status === 'failed') ? 1 : 0;
  } else {
    const passThrough = [...(flags.quick ? ['--quick'] : []), ...(flags.resultsDir !== undefined ? ['--results-dir', flags.resultsDir] : [])];
    for (const setup of selected) reports.push(await runSetupForked(setup, __filename, passThrough));
  }
  console.log(`\nCadenza benchmarks (${scale.name} scale)\n`);
  console.log(summaryTable(
    reports.flatMap((r) => (r.status === 'done' ? r.summary : [])),
    reports.flatMap((r) => (r.status === 'done' ? [] : [{ setup: r.setup, status: r.status, reason: r.reason }])),
  ));
  const written = reports.flatMap((r) => (r.status === 'done' && r.file ? [r.file] : []));
  if (written.length > 0) console.log(`\nresults: ${written.join(', ')}`);
  return reports.some((r) => r.status === 'failed') ? 1 : 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
