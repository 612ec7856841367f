/**
 * TLS for `pulsar+ssl://` connections: the options a user gives, checked and loaded once into a Node secure
 * context, and the errors a failed handshake becomes.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import { ConfigError, TransportError } from '@cadenza/core';

/** TLS settings of a client; they apply to every `pulsar+ssl://` connection it makes. */
export interface PulsarTlsOptions {
  /** CA certificate(s) that sign the broker's certificate: PEM text, or the path of a PEM file.
   *  @default Node's bundled root CAs */
  readonly ca?: string;
  /** Client certificate (PEM text or path), for brokers that check client certificates; needs `key`.
   *  @default none */
  readonly cert?: string;
  /** Private key of `cert` (PEM text or path, unencrypted). Never shown in errors or logs.
   *  @default none */
  readonly key?: string;
  /** Name the broker's certificate must carry (and the SNI name sent).
   *  @default the host of the broker address; an IP address is checked against the certificate's IP SANs */
  readonly servername?: string;
  /** Refuse a broker whose certificate does not verify against `ca` or does not match its name. Turning it off
   *  leaves the connection open to anyone in the middle.
   *  @default true */
  readonly rejectUnauthorized?: boolean;
}

/** What a connection needs to open a TLS socket: loaded once per client. */
export interface LoadedTls {
  readonly secureContext: SecureContext;
  readonly servername?: string;
  readonly rejectUnauthorized: boolean;
}

const isPem = (value: string): boolean => value.includes('-----BEGIN ');

/** PEM text as given, or read from the path; a path that cannot be read is a ConfigError naming the field. A
 *  key's value is never shown: text without a PEM header is taken for a path, and may be a pasted key. */
const pemOf = (value: string, at: string, secret: boolean): string => {
  if (isPem(value)) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (error) {
    throw new ConfigError(at, 'PEM text or the path of a readable PEM file', secret ? '***' : value, (error as NodeJS.ErrnoException).code ?? 'unreadable');
  }
};

/** Loads `pem` into a throwaway context to check it; OpenSSL's reason names routines, never the bytes. */
const check = (what: { ca: string } | { cert: string } | { key: string }, at: string, expected: string, shown: string | undefined): void => {
  try {
    createSecureContext(what);
  } catch (error) {
    throw new ConfigError(at, expected, shown, error instanceof Error ? error.message : String(error));
  }
};

/** How a value is shown in an error: a path as it is, PEM text as a mark. */
const shownAs = (value: string): string => (isPem(value) ? '(PEM text)' : value);

/**
 * Reads and checks the TLS options: the CA, the key and the certificate are each loaded on their own first, so a
 * bad one is a ConfigError naming its field (`<at>.ca`, `<at>.key`, `<at>.cert`) with OpenSSL's reason.
 */
export const loadTls = (o: PulsarTlsOptions = {}, at = 'tls'): LoadedTls => {
  if ((o.cert === undefined) !== (o.key === undefined)) {
    const missing = o.cert === undefined ? 'cert' : 'key';
    throw new ConfigError(`${at}.${missing}`, `a ${missing === 'cert' ? 'certificate' : 'private key'} (cert and key go together)`, undefined);
  }
  const ca = o.ca === undefined ? undefined : pemOf(o.ca, `${at}.ca`, false);
  if (ca !== undefined) {
    // OpenSSL takes a CA bundle with no certificate in it (a key file, say) without a word, and trusts nothing.
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`${at}.ca`, 'PEM CA certificates', shownAs(o.ca!), 'no CERTIFICATE block in it');
    check({ ca }, `${at}.ca`, 'PEM CA certificates', shownAs(o.ca!));
  }
  const key = o.key === undefined ? undefined : pemOf(o.key, `${at}.key`, true);
  if (key !== undefined) check({ key }, `${at}.key`, 'an unencrypted PEM private key', '***');
  const cert = o.cert === undefined ? undefined : pemOf(o.cert, `${at}.cert`, false);
  if (cert !== undefined) check({ cert }, `${at}.cert`, 'a PEM certificate', shownAs(o.cert!));
  let secureContext: SecureContext;
  try {
    secureContext = createSecureContext({ ...(ca === undefined ? {} : { ca }), ...(cert === undefined ? {} : { cert, key }) });
  } catch (error) {
    throw new ConfigError(`${at}.key`, `the private key of ${at}.cert`, '***', error instanceof Error ? error.message : String(error));
  }
  return {
    secureContext,
    rejectUnauthorized: o.rejectUnauthorized ?? true,
    ...(o.servername === undefined ? {} : { servername: o.servername }),
  };
};

/** The SNI and verification name for `host`: the configured one, else the host unless it is an IP address. */
export const servernameFor = (tls: LoadedTls | undefined, host: string): string | undefined =>
  tls?.servername ?? (isIP(host) === 0 ? host : undefined);

/** OpenSSL's verdicts on the broker's certificate: a retry meets the same certificate, so they are final. */
const VERIFY_FAILURES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_UNTRUSTED', 'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'INVALID_CA', 'INVALID_PURPOSE',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH', 'CERT_CHAIN_TOO_LONG', 'PATH_LENGTH_EXCEEDED',
]);

/** A TLS handshake that cannot succeed as configured: the broker's certificate did not verify, or the two sides
 *  share no protocol (a plaintext port, a refused client certificate). Not retriable. */
export class PulsarTlsError extends TransportError {
  constructor(message: string, readonly tlsCode: string, options?: { cause?: unknown }) {
    super(message, false, options);
  }
}

/** The typed error for a socket error on a TLS connection, or undefined when it is no TLS failure (a reset, a
 *  refused TCP connect: the caller's retriable TransportError). */
export const tlsFailureOf = (error: NodeJS.ErrnoException, url: string): PulsarTlsError | undefined => {
  const code = error.code ?? '';
  if (VERIFY_FAILURES.has(code)) {
    return new PulsarTlsError(`TLS: the certificate of the Pulsar broker at ${url} is not trusted (${code}: ${error.message}); check tls.ca and tls.servername`, code, { cause: error });
  }
  if (code.startsWith('ERR_SSL_')) {
    return new PulsarTlsError(`TLS handshake with the Pulsar broker at ${url} failed (${code}: ${error.message}); is that a TLS port, and does it accept this client?`, code, { cause: error });
  }
  return undefined;
};
