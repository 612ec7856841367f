import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/** Starts test/fixtures/child-transport with a command and collects what it reports. */
export const startChild = (command: object): { child: ChildProcess; reports: Array<Record<string, unknown>> } => {
  const child = fork(join(__dirname, '..', 'fixtures', 'child-transport.js'), [JSON.stringify(command)], { stdio: 'inherit' });
  const reports: Array<Record<string, unknown>> = [];
  child.on('message', (message) => reports.push(message as Record<string, unknown>));
  return { child, reports };
};

/** SIGKILLs `child` and resolves once it has exited. */
export const kill = async (child: ChildProcess): Promise<void> => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
};
