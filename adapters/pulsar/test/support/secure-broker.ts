import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PulsarTransportOptions } from '../../src';

// dist/test/support → the repository root
const root = resolve(__dirname, '../../../../..');
const script = join(root, 'infra/pulsar/secure.sh');
/** Where secure.sh keeps the private standalone's certificates, secrets, data and log. */
export const SECURE_DIR = join(root, 'infra/.run/pulsar-secure');
export const SECURE_SERVICE_URL = 'pulsar+ssl://127.0.0.1:16651';
/** Its admin API (secure.conf's webServicePortTls), over the same TLS. */
export const SECURE_ADMIN_URL = 'https://127.0.0.1:18443';
/** The same port, named as a plaintext address. */
export const PLAINTEXT_TO_TLS_PORT = 'pulsar://127.0.0.1:16651';
export const TRUSTED_CA = join(SECURE_DIR, 'certs/ca.crt');
export const UNTRUSTED_CA = join(SECURE_DIR, 'certs/untrusted-ca.crt');

/** Runs `secure.sh <command>`; a failure carries the script's output, which ends with the broker's log tail. */
export const secureBroker = (command: 'start' | 'stop'): Promise<void> =>
  new Promise((done, fail) => {
    execFile('bash', [script, command], { timeout: 300_000 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`infra/pulsar/secure.sh ${command} failed: ${error.message}\n${stdout}${stderr}`));
      else done();
    });
  });

const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** An HS256 JWT for `role`, signed with `secret` (by default the broker's own secret, so the broker accepts it). */
export const tokenFor = (role: string, secret: Buffer = readFileSync(join(SECURE_DIR, 'auth/secret.key'))): string => {
  const signed = `${base64url(JSON.stringify({ alg: 'HS256' }))}.${base64url(JSON.stringify({ sub: role }))}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
};

/** Options for a transport on the secure standalone: TLS trusting the test CA, and a valid token. */
export const secureOptions = (extra: Partial<PulsarTransportOptions> = {}): PulsarTransportOptions => ({
  type: 'pulsar', serviceUrl: SECURE_SERVICE_URL, adminUrl: SECURE_ADMIN_URL, operationTimeoutMs: 15_000, token: tokenFor('cadenza-app'),
  tls: { ca: TRUSTED_CA }, ...extra,
});
