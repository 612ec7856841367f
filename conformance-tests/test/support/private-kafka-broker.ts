import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const kafkaScripts = join(__dirname, '../../../../infra/kafka');

/** A Kafka broker that one spec file starts, restarts and removes: restarting it disturbs no other test run. */
export interface PrivateKafkaBroker {
  /** `host:port` to put in a transport config. */
  readonly address: string;
  start(): Promise<void>;
  /** Stops and starts it, keeping its data, as a broker restart in production would. */
  restart(): Promise<void>;
  /** Stops it and deletes its data. */
  remove(): Promise<void>;
}

/**
 * A broker of infra/kafka/start.sh on ports and a run dir of its own (`port` and `port + 1` for its
 * controller), away from the shared broker on 9092 that other packages' tests use at the same time.
 */
export const privateKafkaBroker = (port: number, name: string): PrivateKafkaBroker => {
  const runDir = join(__dirname, '../../../../infra/.run', name);
  const env = { ...process.env, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(port + 1), KAFKA_RUN_DIR: runDir };
  const script = async (file: string) => {
    await run('bash', [join(kafkaScripts, file)], { env, timeout: 180_000 });
  };
  return {
    address: `127.0.0.1:${port}`,
    start: () => script('start.sh'),
    restart: () => script('restart.sh'),
    remove: async () => {
      await script('stop.sh');
      await run('rm', ['-rf', runDir]);
    },
  };
};
