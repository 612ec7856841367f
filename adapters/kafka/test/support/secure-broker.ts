import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = resolve(__dirname, '..', '..', '..', '..', '..');

/**
 * The private SASL_SSL broker of infra/kafka/secure/start.sh, on ports and in a run dir of its own so that it
 * never meets the shared broker or another run's secure broker (KAFKA_SECURE_PORT overrides the port).
 */
export const SECURE_PORT = Number(process.env.KAFKA_SECURE_PORT ?? 19392);
export const SECURE_BROKERS = [`127.0.0.1:${SECURE_PORT}`];
/** The broker's listener that also requires a client certificate from the test CA (SCRAM-SHA-512 only). */
export const MTLS_BROKERS = [`127.0.0.1:${SECURE_PORT + 2}`];
const runDir = resolve(repoRoot, 'infra/.run/kafka-secure-test');
/** The test certificates infra/certs/make-test-certs.sh made for the broker. */
export const certFile = (name: string): string => resolve(runDir, 'certs', name);

const script = (name: string) => promisify(execFile)('bash', [resolve(repoRoot, 'infra/kafka/secure', name)], {
  timeout: 170_000, env: { ...process.env, KAFKA_SECURE_PORT: String(SECURE_PORT), KAFKA_SECURE_RUN_DIR: runDir },
});

/** The throwaway SCRAM users the broker was formatted with: `cadenza` (a super user) and `intruder` (no ACL). */
export interface SecureUsers {
  readonly cadenza: string;
  readonly intruder: string;
}

/** Starts the broker afresh (new storage, users and certificates), and says who may log in. */
export const startSecureBroker = async (): Promise<SecureUsers> => {
  await rm(runDir, { recursive: true, force: true });
  await script('start.sh');
  return JSON.parse(await readFile(resolve(runDir, 'users.json'), 'utf8')) as SecureUsers;
};

/** Stops the broker and removes everything it wrote. */
export const stopSecureBroker = async (): Promise<void> => {
  await script('stop.sh');
  await rm(runDir, { recursive: true, force: true });
};
