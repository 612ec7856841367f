import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ChaosTransport } from './chaos-options';

const run = promisify(execFile);

/** The repository's infra/ folder, from chaos/dist/src. */
export const infraDir = join(__dirname, '../../../infra');

/** A server that only this chaos run uses, so restarting it disturbs nobody else's tests. */
export interface PrivateServer {
  readonly name: string;
  start(): Promise<void>;
  /** Stops and starts it, keeping its data, as a restart in production would. */
  restart(): Promise<void>;
  /** Stops it and deletes its data. */
  remove(): Promise<void>;
}

const script = (env: NodeJS.ProcessEnv) => async (file: string, ...args: string[]): Promise<void> => {
  try {
    await run('bash', [join(infraDir, file), ...args], { env: { ...process.env, ...env }, timeout: 240_000 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`infra/${file} ${args.join(' ')} failed: ${(stderr || stdout || String(error)).slice(-1500)}`, { cause: error });
  }
};

/** A broker of infra/<transport>/start.sh on ports and a run dir of its own; returns it with the transport config that reaches it. */
export const privateBroker = (transport: ChaosTransport, basePort: number, runDir: string): { server: PrivateServer; config: { type: string; [k: string]: unknown } } => {
  if (transport === 'kafka') {
    const sh = script({ KAFKA_PORT: String(basePort), KAFKA_CONTROLLER_PORT: String(basePort + 1), KAFKA_RUN_DIR: runDir });
    return {
      server: {
        name: `kafka on 127.0.0.1:${basePort}`,
        start: () => sh('kafka/start.sh'),
        restart: () => sh('kafka/restart.sh'),
        remove: async () => {
          await sh('kafka/stop.sh');
          await rm(runDir, { recursive: true, force: true });
        },
      },
      config: { type: 'kafka', brokers: [`127.0.0.1:${basePort}`] },
    };
  }
  const sh = script({ PULSAR_PORT: String(basePort), PULSAR_WEB_PORT: String(basePort + 2), PULSAR_RUN_DIR: runDir });
  return {
    server: {
      name: `pulsar on 127.0.0.1:${basePort}`,
      start: () => sh('pulsar/start.sh'),
      restart: async () => {
        await sh('pulsar/stop.sh');
        await sh('pulsar/start.sh');
      },
      remove: async () => {
        await sh('pulsar/stop.sh');
        await rm(runDir, { recursive: true, force: true });
      },
    },
    config: { type: 'pulsar', serviceUrl: `pulsar://127.0.0.1:${basePort}` },
  };
};

/** A cluster of infra/postgres/private.sh; returns it with the history config that reaches it. */
export const privatePostgres = (port: number, dir: string): { server: PrivateServer; config: { type: string; [k: string]: unknown } } => {
  const sh = script({ PG_PRIVATE_PORT: String(port), PG_PRIVATE_DIR: dir });
  return {
    server: {
      name: `postgres on 127.0.0.1:${port}`,
      start: () => sh('postgres/private.sh', 'start'),
      restart: () => sh('postgres/private.sh', 'restart'),
      remove: async () => {
        await sh('postgres/private.sh', 'stop');
        await rm(dir, { recursive: true, force: true });
      },
    },
    config: { type: 'postgres', connectionString: `postgres://postgres@127.0.0.1:${port}/test`, tablePrefix: 'chaos_' },
  };
};
