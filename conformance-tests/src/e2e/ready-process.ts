import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Starts `node <script> <args>` with `env` added (recorded in `started` at once, so it is killed even if it never
 * gets ready) and resolves once it printed `ready`; rejects with its last stderr if it exits before.
 */
export const startReadyProcess = (script: string, args: readonly string[], env: Record<string, string>, started: ChildProcess[], what: string): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code, signal) => reject(new Error(`${what} exited (${code ?? signal}) before it was ready: ${stderr.slice(-2000)}`)));
  });

/** SIGKILLs `child` (if it still runs) and resolves once it has exited. */
export const killProcess = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
