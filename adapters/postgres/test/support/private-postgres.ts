import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A private PostgreSQL cluster of this test run, started by infra/postgres/private.sh. */
export interface PrivatePostgres {
  readonly port: number;
  /** Where infra/certs/make-test-certs.sh put the CA, server, client and untrusted-CA files. */
  readonly certs: string;
  /** The password the script gave the role `tls_only`. */
  readonly tlsPassword: string;
  url(user: string, password?: string): string;
  /** Restarts the server, with or without TLS; the data stays. */
  restart(options: { tls: boolean }): Promise<void>;
  /** Stops the server and removes its directory. */
  destroy(): Promise<void>;
}

// The compiled spec runs from adapters/postgres/dist/test/…; the scripts live at the repository's root.
const repositoryRoot = (): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'infra', 'postgres', 'private.sh'))) return dir;
  }
  throw new Error(`infra/postgres/private.sh not found above ${__dirname}`);
};

// Several worktrees may run this at once: a port the system hands out, not a fixed one.
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

/** Makes the test certificates and starts a fresh private cluster with TLS; fails loudly with the script's output. */
export const startPrivatePostgres = async (): Promise<PrivatePostgres> => {
  const root = repositoryRoot();
  const port = await freePort();
  // Under the system's temp directory: as root, the server runs as the postgres OS user, who may not reach into
  // a clone under a closed home directory.
  const dir = await mkdtemp(join(tmpdir(), 'cadenza-pg-tls-'));
  const certs = join(root, 'infra', '.run', 'certs');
  const tlsPassword = 'cadenza-tls-test';
  const script = async (command: string, tls: boolean): Promise<void> => {
    const env = { ...process.env, PG_PRIVATE_PORT: String(port), PG_PRIVATE_DIR: dir, PG_PRIVATE_CERTS: certs, PG_PRIVATE_TLS: tls ? '1' : '0', PG_PRIVATE_TLS_PASSWORD: tlsPassword };
    try {
      await run('bash', [join(root, 'infra', 'postgres', 'private.sh'), command], { env });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`infra/postgres/private.sh ${command} failed:\n${stdout ?? ''}${stderr ?? ''}`);
    }
  };
  await run('bash', [join(root, 'infra', 'certs', 'make-test-certs.sh'), certs]);
  try {
    await script('start', true);
  } catch (error) {
    await script('stop', false).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    certs,
    tlsPassword,
    url: (user, password) => `postgres://${user}${password === undefined ? '' : `:${password}`}@127.0.0.1:${port}/test`,
    restart: ({ tls }) => script('restart', tls),
    destroy: async () => {
      await script('stop', false);
      await rm(dir, { recursive: true, force: true });
    },
  };
};
