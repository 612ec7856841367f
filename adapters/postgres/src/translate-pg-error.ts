import { ConfigError, TimeoutError, TransportError } from '@cadenza/core';

/** Where the store connects, for error messages (never the password). */
export interface PostgresTarget {
  readonly address: string;
  readonly connectTimeoutMs: number;
  /** The statement bound, for `TimeoutError`s (0 when the pool sets none). */
  readonly queryTimeoutMs: number;
  /** The config path of the connection string, for `ConfigError`s. */
  readonly at: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE']);
// SQLSTATE classes 08 (connection exception) and 57P0x (server shutting down or starting).
const isConnectionState = (code: string): boolean => code.startsWith('08') || /^57P0[1-3]$/.test(code);

// Node's codes for a server certificate that does not verify: trying again cannot help, the config must change.
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_REVOKED',
  'CERT_REJECTED', 'INVALID_CA', 'INVALID_PURPOSE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH',
]);

/** "…:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:../deps/…" → "tlsv1 alert unknown ca". */
const opensslReason = (message: string): string => /routines:[^:]*:([^:]+)/.exec(message)?.[1]?.trim() ?? message.trim();

/** A TLS failure that only a change of `ssl` (or of the server's TLS set-up) can cure, or `undefined`. */
const tlsConfigError = (code: unknown, message: string, target: PostgresTarget): ConfigError | undefined => {
  const at = `${target.at}.ssl`;
  if (typeof code === 'string' && (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH')) {
    return new ConfigError(at, 'a server certificate that names the host (or ssl.servername naming what it does name)', target.address, `${code}: ${message}`);
  }
  if (typeof code === 'string' && CERTIFICATE_CODES.has(code)) {
    return new ConfigError(at, 'a server certificate that chains to ssl.ca', target.address, `${code}: ${message}`);
  }
  // Alerts the server sent during the handshake, e.g. a client certificate from a CA it does not trust.
  if (typeof code === 'string' && /^ERR_SSL_/.test(code)) {
    const expected = /ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_|UNSUPPORTED_CERTIFICATE)/.test(code)
      ? 'a client certificate (ssl.cert) from a CA the server trusts'
      : 'TLS settings the server accepts';
    return new ConfigError(at, expected, target.address, `${code}: ${opensslReason(message)}`);
  }
  if (/server does not support SSL/i.test(message)) {
    return new ConfigError(at, 'a server with TLS on (or no ssl option)', target.address, message);
  }
  if (code === '28000' && /no encryption/i.test(message)) {
    return new ConfigError(at, 'an ssl option: the server accepts this user only over TLS', target.address, message);
  }
  if (code === '28000' && /certificate/i.test(message)) {
    return new ConfigError(at, 'a client certificate the server accepts (ssl.cert and ssl.key)', target.address, message);
  }
  return undefined;
};

/**
 * Turns node-postgres connection failures into Cadenza errors (E2): unreachable → retriable `TransportError`,
 * connect timeout → `TimeoutError`, bad credentials or database → `ConfigError` on the connection string, a
 * certificate that does not verify or TLS that the server refuses or requires → `ConfigError` on `ssl`.
 * Anything else (a SQL error, our own bug) is returned unchanged for the caller to rethrow.
 */
export const translatePgError = (error: unknown, target: PostgresTarget): unknown => {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  const message = error.message;
  const tls = tlsConfigError(code, message, target);
  if (tls) return tls;
  if (/timeout exceeded when trying to connect|connection timeout/i.test(message)) {
    return new TimeoutError(`connecting to PostgreSQL at ${target.address}`, target.connectTimeoutMs);
  }
  if (code === '57014' || /Query read timeout/i.test(message)) {
    return new TimeoutError(`a statement on PostgreSQL at ${target.address}`, target.queryTimeoutMs);
  }
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return new TransportError(`PostgreSQL not reachable at ${target.address}: ${code} (${message})`, true, { cause: error });
  }
  if (typeof code === 'string' && isConnectionState(code)) {
    return new TransportError(`PostgreSQL connection lost at ${target.address}: ${message}`, true, { cause: error });
  }
  if (/Connection terminated|Client has encountered a connection error/i.test(message)) {
    return new TransportError(`PostgreSQL connection lost at ${target.address}: ${message}`, true, { cause: error });
  }
  if (code === '28P01' || code === '28000') {
    return new ConfigError(`${target.at}.connectionString`, 'credentials PostgreSQL accepts', target.address, message);
  }
  if (code === '3D000') {
    return new ConfigError(`${target.at}.connectionString`, 'an existing database', target.address, message);
  }
  return error;
};
