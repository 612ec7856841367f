import { ConfigError } from '@cadenza/core';
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

/** `transport.ssl` as written in config or code: PEM text or file paths, every field optional. */
export interface KafkaTlsInput {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly servername?: string;
  readonly rejectUnauthorized?: boolean;
}

/**
 * `transport.ssl` once checked: `ca`, `cert` and `key` hold PEM text, never paths. The key is a non-enumerable
 * property, so options that are logged or serialized whole leave it out.
 */
export interface KafkaTls {
  /** Trusted CA certificates (PEM); absent: Node's bundled CAs. */
  readonly ca?: string;
  /** Client certificate (PEM), for brokers that check clients' certificates (`ssl.client.auth`). */
  readonly cert?: string;
  /** Private key of `cert` (PEM, unencrypted). */
  readonly key?: string;
  /** Host name the broker's certificate must carry, when it differs from the address dialled. */
  readonly servername?: string;
  /** Refuse a broker whose certificate does not verify. Turning it off gives up on knowing who answers. */
  readonly rejectUnauthorized: boolean;
}

const BEGIN = /-----BEGIN [A-Z0-9 ]+-----/;
const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * Checks `ssl` and reads the files it names, so that a missing file, text that is not PEM or a key of another
 * certificate fails at start-up, as a `ConfigError` naming the field under `at`, rather than as a TLS error at the
 * first connection. `true` means TLS with the system CAs; `false` or absent, plaintext. No message ever holds a
 * certificate's or key's text; a path is shown only for `ca`.
 */
export const resolveKafkaTls = (ssl: boolean | KafkaTlsInput | undefined, at: string): KafkaTls | undefined => {
  if (ssl === undefined || ssl === false) return undefined;
  if (ssl === true) return { rejectUnauthorized: true };
  if ((ssl.cert === undefined) !== (ssl.key === undefined)) {
    const missing = ssl.cert === undefined ? 'cert' : 'key';
    throw new ConfigError(`${at}.${missing}`, `a ${missing === 'cert' ? 'certificate' : 'private key'} too: cert and key go together`, undefined);
  }
  const ca = ssl.ca === undefined ? undefined : readPem(ssl.ca, `${at}.ca`, true);
  if (ca !== undefined) certificates(ca, `${at}.ca`);
  const base = {
    rejectUnauthorized: ssl.rejectUnauthorized ?? true,
    ...(ca !== undefined ? { ca } : {}),
    ...(ssl.servername !== undefined ? { servername: ssl.servername } : {}),
  };
  if (ssl.cert === undefined || ssl.key === undefined) return base;
  const cert = readPem(ssl.cert, `${at}.cert`, false);
  const key = readPem(ssl.key, `${at}.key`, false);
  const [leaf] = certificates(cert, `${at}.cert`);
  if (!leaf!.checkPrivateKey(parseKey(key, `${at}.key`))) {
    throw new ConfigError(`${at}.key`, `the private key of ${at}.cert`, '***', 'it belongs to another certificate');
  }
  const tls: KafkaTls = { ...base, cert };
  Object.defineProperty(tls, 'key', { value: key, enumerable: false });
  return tls;
};

/** What kafkajs passes to `tls.connect`; the key is put back as a plain property, since kafkajs spreads it. */
export const toNodeTls = (tls: KafkaTls): ConnectionOptions => ({
  ...tls,
  ...(tls.key !== undefined ? { key: tls.key } : {}),
});

/** PEM text as given, or the text of the file `value` names. */
const readPem = (value: string, at: string, showPath: boolean): string => {
  if (BEGIN.test(value)) return value;
  // Text that is neither PEM nor path-like may be a mangled secret: never echo it.
  const shown = showPath && value.length < 512 && !/\s/.test(value) ? value : '***';
  let text: string;
  try {
    text = readFileSync(value, 'utf8');
  } catch (error) {
    throw new ConfigError(at, 'PEM text or the path of a readable PEM file', shown, (error as NodeJS.ErrnoException).code ?? 'unreadable');
  }
  if (!BEGIN.test(text)) throw new ConfigError(at, 'a PEM file', shown, 'it has no -----BEGIN line');
  return text;
};

const certificates = (pem: string, at: string): X509Certificate[] => {
  const blocks = pem.match(CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new ConfigError(at, 'PEM certificate(s)', '(PEM text)', 'no -----BEGIN CERTIFICATE----- block');
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw new ConfigError(at, 'PEM certificate(s)', '(PEM text)', `certificate ${i + 1} does not parse: ${opensslReason(error)}`);
    }
  });
};

const parseKey = (pem: string, at: string): KeyObject => {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    throw new ConfigError(at, 'an unencrypted PEM private key', '***', opensslReason(error));
  }
};

// OpenSSL names what is wrong ("bad base64 decode") without quoting the material.
const opensslReason = (error: unknown): string => (error instanceof Error ? error.message : String(error)).replace(/^error:[0-9A-Fa-f]+:/, '');
