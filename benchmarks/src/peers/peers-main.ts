import { fork } from 'node:child_process';
import { durableLoads } from '../durable/durable-loads';
import { defaultResultsDir } from '../paths';
import { writeResult } from '../support/write-result';
import { type PeerSystemName, parsePeerFlags, PEERS_USAGE } from './peer-flags';
import type { PeerMeasure } from './peer-result';
import { measureSystem, type SystemOutcome } from './peer-systems';
import { PEERS_RESULT, peersResult, ratioLines, startMachine } from './peers-report';

/** Longest one system may run before it is killed and reported as failed, in ms. */
const SYSTEM_TIMEOUT_MS = 10 * 60_000;

type ChildReport = SystemOutcome | { readonly status: 'failed'; readonly reason: string };

/** Measures one system in a child process of this script (a clean heap, DBOS's globals its own). */
const measureForked = (system: PeerSystemName, quick: boolean): Promise<ChildReport> =>
  new Promise((resolve) => {
    // The Restate SDK logs every invocation at info by default; the bench keeps every system's logs at warn.
    const env = { ...process.env, RESTATE_LOGGING: process.env.RESTATE_LOGGING ?? 'WARN' };
    const child = fork(__filename, ['--system', system, ...(quick ? ['--quick'] : [])], { stdio: 'inherit', env });
    let report: ChildReport | undefined;
    const timer = setTimeout(() => {
      report = { status: 'failed', reason: `still running after ${SYSTEM_TIMEOUT_MS / 60_000} min; killed` };
      child.kill('SIGKILL');
    }, SYSTEM_TIMEOUT_MS);
    child.on('message', (message: ChildReport) => (report ??= message));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(report ?? { status: 'failed', reason: `child ended (${signal ?? `exit code ${code}`}) without a report` });
    });
  });

const describe = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

const runChild = async (system: PeerSystemName, quick: boolean): Promise<number> => {
  let report: ChildReport;
  try {
    report = await measureSystem(system, durableLoads(quick ? 'quick' : 'full'));
  } catch (error) {
    console.error(`  FAILED ${system}: ${describe(error)}`);
    report = { status: 'failed', reason: describe(error) };
  }
  await new Promise<void>((resolve) => (process.send ? process.send(report, undefined, undefined, () => resolve()) : resolve()));
  return report.status === 'failed' ? 1 : 0;
};

/**
 * `npm run bench:peers [-w @cadenza/benchmarks -- --quick --only …]`: runs our durable setups (one process) and
 * the peers one after the other, each in its own child process, at the same loads, and writes
 * `bank-transfer.peers.json` with every run and the ratios. A system that fails makes the exit code 1.
 */
const main = async (): Promise<number> => {
  const flags = parsePeerFlags(process.argv.slice(2));
  if (flags.help) {
    console.log(PEERS_USAGE);
    return 0;
  }
  if (flags.child) return runChild(flags.child, flags.quick);
  const scale = flags.quick ? 'quick' : 'full';
  const machine = startMachine();
  const measures: PeerMeasure[] = [];
  const skipped: { system: PeerSystemName; reason: string }[] = [];
  let failed = false;
  for (const system of flags.systems) {
    console.log(`▶ ${system}`);
    const report = await measureForked(system, flags.quick);
    if (report.status === 'measured') measures.push(report.measure);
    else if (report.status === 'skipped') {
      console.log(`  skipped ${system}: ${report.reason}`);
      skipped.push({ system, reason: report.reason });
    } else {
      console.error(`  FAILED ${system}: ${report.reason}`);
      failed = true;
    }
  }
  const result = peersResult({ scale, machine, loads: durableLoads(scale), measures, skipped });
  console.log(`\nours ÷ peers (${scale} scale)\n${ratioLines(result.ratios).join('\n') || '  (no pair of ours and a peer ran)'}`);
  const resultsDir = flags.resultsDir ?? (flags.quick ? undefined : defaultResultsDir);
  if (resultsDir !== undefined && !failed) console.log(`\nresult: ${await writeResult(resultsDir, PEERS_RESULT, result)}`);
  else if (failed) console.log('\nnothing written: a system failed');
  return failed ? 1 : 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(describe(error));
    process.exit(1);
  },
);
