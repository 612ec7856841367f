import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const infra = join(__dirname, '../../../../../infra/pulsar');

/**
 * A Pulsar standalone of the test's own, which it may stop and start without disturbing the shared broker:
 * `PULSAR_PRIVATE_PORT` (binary, default 16700) and `PULSAR_PRIVATE_WEB_PORT` (admin, default 18700), data in
 * the temporary folder.
 */
export const privateBroker = () => {
  const port = Number(process.env.PULSAR_PRIVATE_PORT ?? 16_700);
  const webPort = Number(process.env.PULSAR_PRIVATE_WEB_PORT ?? 18_700);
  const env = { ...process.env, PULSAR_PORT: String(port), PULSAR_WEB_PORT: String(webPort), PULSAR_RUN_DIR: join(tmpdir(), `cadenza-pulsar-${port}`) };
  const run = (script: string) => execFileSync('bash', [join(infra, script)], { stdio: 'pipe', timeout: 240_000, env });
  return {
    serviceUrl: `pulsar://127.0.0.1:${port}`,
    start: () => void run('start.sh'),
    stop: () => void run('stop.sh'),
  };
};
