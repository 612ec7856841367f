import { fork } from 'node:child_process';
import type { BenchSetup } from '../setups/bench-setup';
import type { SetupReport } from './setup-report';

/** Longest a setup's child process may run before it is killed and reported as failed, in ms. */
export const SETUP_TIMEOUT_MS = 6 * 60_000;

/**
 * Runs one setup in a child process of this script (same flags, `--in-process --only <name>`), so each
 * setup starts with a clean heap and a hung broker client cannot hold up the others. The child prints its
 * own progress and sends its report over IPC.
 */
export const runSetupForked = (setup: BenchSetup, script: string, passThrough: readonly string[]): Promise<SetupReport> =>
  new Promise((resolve) => {
    const child = fork(script, ['--in-process', '--only', setup.name, ...passThrough], { execArgv: ['--expose-gc'], stdio: 'inherit' });
    let report: SetupReport | undefined;
    const timer = setTimeout(() => {
      report = { setup: setup.name, status: 'failed', reason: `still running after ${SETUP_TIMEOUT_MS / 60_000} min; killed` };
      child.kill('SIGKILL');
    }, SETUP_TIMEOUT_MS);
    child.on('message', (message) => {
      report ??= message as SetupReport;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(report ?? { setup: setup.name, status: 'failed', reason: `child process ended (${signal ?? `exit code ${code}`}) without a report` });
    });
  });
