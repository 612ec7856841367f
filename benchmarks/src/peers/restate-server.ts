import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { answersOk, waitUntil } from './wait-until';

/** A Restate server the harness started: a single node, fresh data dir, ports of its own on 127.0.0.1. */
export interface RestateServer {
  readonly version: string;
  readonly pid: number;
  readonly ingressUrl: string;
  readonly adminUrl: string;
  /** Registers the SDK endpoint listening at `uri` (POST /deployments on the admin API). */
  register(uri: string): Promise<void>;
  /** Kills the server and removes its data dir. */
  stop(): Promise<void>;
}

/** The server binary of this platform, from the optional dependency `@restatedev/restate-server-<os>-<arch>`. */
export const restateBinary = async (): Promise<{ binary: string; version: string }> => {
  const pkg = `@restatedev/restate-server-${process.platform}-${process.arch}`;
  let manifest: string;
  try {
    manifest = require.resolve(`${pkg}/package.json`);
  } catch {
    throw new Error(`${pkg} is not installed: the Restate peer needs @restatedev/restate-server and its binary for this platform (npm ci in the repository)`);
  }
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
  return { binary: path.join(path.dirname(manifest), 'bin', 'restate-server'), version };
};

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** Starts `restate-server` with the defaults a user gets, but telemetry off and its log on our stderr at warn. */
export const startRestateServer = async (): Promise<RestateServer> => {
  const { binary, version } = await restateBinary();
  const baseDir = await mkdtemp(path.join(os.tmpdir(), 'cadenza-bench-restate-'));
  const [ingress, admin, node] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(binary, ['--base-dir', baseDir, '--node-name', 'bench', '--listen-mode', 'tcp', '--no-logo'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      RESTATE_INGRESS__BIND_ADDRESS: `127.0.0.1:${ingress}`,
      RESTATE_ADMIN__BIND_ADDRESS: `127.0.0.1:${admin}`,
      RESTATE_BIND_ADDRESS: `127.0.0.1:${node}`,
      RESTATE_ADVERTISED_ADDRESS: `http://127.0.0.1:${node}`,
      RESTATE_DISABLE_TELEMETRY: 'true',
      RESTATE_LOG_FILTER: 'warn',
    },
  });
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(timer);
    await rm(baseDir, { recursive: true, force: true });
  };
  const ingressUrl = `http://127.0.0.1:${ingress}`;
  const adminUrl = `http://127.0.0.1:${admin}`;
  try {
    await waitUntil('restate-server admin API', async () => child.exitCode === null && answersOk(`${adminUrl}/health`));
    await waitUntil('restate-server ingress', async () => answersOk(`${ingressUrl}/restate/health`));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    version, pid: child.pid!, ingressUrl, adminUrl, stop,
    register: async (uri) => {
      const response = await fetch(`${adminUrl}/deployments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uri, force: true }) });
      if (!response.ok) throw new Error(`restate-server refused the deployment ${uri}: ${response.status} ${await response.text()}`);
    },
  };
};
