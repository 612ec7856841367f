import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = resolve(__dirname, '..', '..', '..', '..', '..');

/**
 * A broker of infra/kafka/start.sh on `port` (its controller on `port + 1`) and a run dir of its own, for a spec
 * that starts, restarts or kills it: the shared broker on 9092 is never disturbed.
 */
export const privateKafka = (port: number, name: string) => {
  const env = { ...process.env, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(port + 1), KAFKA_RUN_DIR: resolve(repoRoot, 'infra/.run', name) };
  const script = (file: string) => promisify(execFile)(resolve(repoRoot, 'infra/kafka', file), { timeout: 180_000, env });
  return {
    address: `127.0.0.1:${port}`,
    start: () => script('start.sh'),
    /** Stops it and deletes its data. */
    remove: async () => {
      await script('stop.sh');
      await promisify(execFile)('rm', ['-rf', env.KAFKA_RUN_DIR]);
    },
  };
};
