import { ConfigError } from '@cadenza/core';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { PostgresTlsMode, PostgresTlsOptions } from './postgres-history-store.options';

/** TLS settings after checking: `ca`, `cert` and `key` hold PEM text, never paths. */
export interface PostgresTls {
  readonly mode: PostgresTlsMode;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly servername?: string;
}

const PEM = /^\s*-----BEGIN [A-Z0-9 ]+-----/;

/**
 * Checks `ssl` and reads its files, now, so that a missing file, text that is not PEM or a key that does not
 * belong to its certificate fails at start-up as a `ConfigError` under `at` rather than at the first
 * connection. Certificates and keys are never put in a message (the core hides `cert` and `key` too).
 */
export const resolveTls = (ssl: PostgresTlsOptions & { mode: PostgresTlsMode }, at: string): PostgresTls => {
  if (ssl.servername === '') throw new ConfigError(`${at}.servername`, 'a host name', '');
  if (ssl.cert !== undefined && ssl.key === undefined) throw new ConfigError(`${at}.key`, 'the key of ssl.cert (both, or neither)', undefined);
  if (ssl.key !== undefined && ssl.cert === undefined) throw new ConfigError(`${at}.cert`, 'the certificate of ssl.key (both, or neither)', undefined);
  const ca = ssl.ca === undefined ? undefined : pemOf(ssl.ca, `${at}.ca`, 'CA certificate', ssl.ca);
  const cert = ssl.cert === undefined ? undefined : pemOf(ssl.cert, `${at}.cert`, 'client certificate', '***');
  const key = ssl.key === undefined ? undefined : pemOf(ssl.key, `${at}.key`, 'private key', '***');
  if (ca !== undefined) checkPem(() => certificatesIn(ca), `${at}.ca`, 'PEM CA certificate(s)', ssl.ca ?? '***');
  if (cert !== undefined && key !== undefined) {
    const [leaf] = checkPem(() => certificatesIn(cert), `${at}.cert`, 'a PEM client certificate', '***');
    const privateKey = checkPem(() => createPrivateKey(key), `${at}.key`, 'an unencrypted PEM private key', '***');
    if (!leaf?.checkPrivateKey(privateKey)) throw new ConfigError(`${at}.key`, 'the private key of ssl.cert', '***', 'the key belongs to another certificate');
  }
  const resolved: PostgresTls = {
    mode: ssl.mode,
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert } : {}),
    ...(ssl.servername !== undefined ? { servername: ssl.servername } : {}),
  };
  // Not enumerable: options that get logged or serialized whole leave the key out.
  if (key !== undefined) Object.defineProperty(resolved, 'key', { value: key, enumerable: false });
  return resolved;
};

/** PEM text as given, or the text of the file it names. `shown` is what an error may print of the value. */
const pemOf = (value: string, at: string, what: string, shown: string): string => {
  if (PEM.test(value)) return value;
  // A value that is neither PEM nor a plausible path may be mangled PEM: never echo it.
  const printable = shown !== '***' && !/\s/.test(value) && value.length < 256 ? shown : '***';
  let text: string;
  try {
    text = readFileSync(value, 'utf8');
  } catch (error) {
    throw new ConfigError(at, `${what}: PEM text or the path of a readable PEM file`, printable, (error as { code?: string }).code ?? 'unreadable');
  }
  if (!PEM.test(text)) throw new ConfigError(at, `${what}: a PEM file`, printable, 'the file holds no -----BEGIN line');
  return text;
};

/** Every certificate of a PEM bundle, parsed; throws on one that does not parse or on none at all. */
const certificatesIn = (pem: string): X509Certificate[] => {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error('no -----BEGIN CERTIFICATE----- block');
  return blocks.map((block) => new X509Certificate(block));
};

const checkPem = <R>(parse: () => R, at: string, expected: string, shown: string): R => {
  try {
    return parse();
  } catch (error) {
    // OpenSSL's reason ("no start line", "bad base64 decode") names the problem without the material.
    const reason = (error as Error).message.replace(/^error:[0-9A-F]+:/, '');
    const printable = PEM.test(shown) ? '(PEM text)' : !/\s/.test(shown) && shown.length < 256 ? shown : '***';
    throw new ConfigError(at, expected, printable, reason);
  }
};

/** node-postgres's `ssl` for these settings; the key is not enumerable, so a logged pool config leaves it out. */
export const toPgSsl = (tls: PostgresTls): ConnectionOptions => {
  const { mode, key, ...material } = tls;
  // libpq's rule: `require` with a root certificate checks the chain, like verify-ca.
  const effective = mode === 'require' && tls.ca !== undefined ? 'verify-ca' : mode;
  const ssl: ConnectionOptions =
    effective === 'require' ? { ...material, rejectUnauthorized: false }
    : effective === 'verify-ca' ? { ...material, rejectUnauthorized: true, checkServerIdentity: () => undefined }
    : { ...material, rejectUnauthorized: true };
  if (key !== undefined) Object.defineProperty(ssl, 'key', { value: key, enumerable: false });
  return ssl;
};
