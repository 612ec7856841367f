import { ConfigError, TransportError } from '@cadenza/core';
import type { KafkaTransportOptions } from '../kafka-transport.options';
import { toTransportError } from '../support/to-transport-error';

/**
 * Node's codes for a broker certificate that does not verify: retrying cannot help, the trust settings
 * (`ssl.ca`, `ssl.servername`) are wrong for this broker.
 */
const CERTIFICATE_REFUSED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_REVOKED', 'CERT_REJECTED', 'INVALID_CA', 'INVALID_PURPOSE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * OpenSSL's codes for a TLS alert from a broker that refused the client's certificate (none sent, or one it
 * does not trust): the fix is in `ssl.cert`/`ssl.key`, or in the broker's trust store.
 */
const CLIENT_CERTIFICATE_REFUSED = new Set([
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE', 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED', 'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
]);

/** The error and the errors it wraps (kafkajs wraps the last failure of its retries as `cause`). */
const chain = (error: unknown): Array<{ name?: string; code?: string; type?: string; message?: string }> => {
  const seen: Array<{ name?: string; code?: string; type?: string; message?: string }> = [];
  for (let e: unknown = error; typeof e === 'object' && e !== null && seen.length < 8; e = (e as { cause?: unknown }).cause) {
    seen.push(e as { name?: string });
  }
  return seen;
};

/**
 * Turns a failure to connect into the error a user can act on. The broker refusing the credentials, or a
 * mechanism it does not enable, is a `ConfigError` naming `<at>.sasl`; a broker certificate that does not verify
 * is a `ConfigError` naming `<at>.ssl.ca` (or `<at>.ssl.servername` for a host name mismatch), and a broker that
 * refuses the client's certificate (or its absence) one naming `<at>.ssl.cert`. None is retriable. A user the broker's ACLs do not allow (e.g. the idempotent producer's cluster permission) is a
 * non-retriable `TransportError` that names the user: the config may be right and the cluster's ACLs not.
 * A broker that closes the connection while a client without `ssl` (or without `sasl`) connects is most often
 * one that expects TLS (or SASL): the `TransportError` says so, keeping its `retriable` flag (a broker that is
 * shutting down closes connections too). Anything else becomes a `TransportError` as before. Messages carry the username and the mechanism,
 * never the password.
 */
export const toConnectError = (what: string, error: unknown, options: KafkaTransportOptions, at = 'transport'): Error => {
  for (const e of chain(error)) {
    if (e.name === 'KafkaJSSASLAuthenticationError' && options.sasl) {
      const { mechanism, username } = options.sasl;
      return withCause(new ConfigError(`${at}.sasl`, 'credentials the broker accepts', { mechanism, username },
        `the broker refused them: ${scrub(e.message, options.sasl.password)}`), error);
    }
    if (e.type === 'UNSUPPORTED_SASL_MECHANISM' && options.sasl) {
      return withCause(new ConfigError(`${at}.sasl.mechanism`, 'a mechanism the broker enables', options.sasl.mechanism,
        scrub(e.message, options.sasl.password)), error);
    }
    if (e.code !== undefined && CERTIFICATE_REFUSED.has(e.code)) {
      const field = e.code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? `${at}.ssl.servername` : `${at}.ssl.ca`;
      const trusted = options.ssl?.ca !== undefined ? 'the CA certificate(s) given' : "Node's bundled CAs";
      return withCause(new ConfigError(field, 'trust settings that verify the broker certificate', trusted,
        `TLS refused the broker: ${e.code}`), error);
    }
    if (e.code !== undefined && CLIENT_CERTIFICATE_REFUSED.has(e.code)) {
      // OpenSSL's message carries its own source paths, not ours; the code says it all.
      return withCause(new ConfigError(`${at}.ssl.cert`, 'a client certificate the broker accepts',
        options.ssl?.cert !== undefined ? '(the certificate given)' : 'none', `the broker's TLS alert: ${e.code}`), error);
    }
    if (e.type?.endsWith('_AUTHORIZATION_FAILED')) {
      const who = options.sasl ? `user "${options.sasl.username}"` : 'an unauthenticated client';
      return new TransportError(`kafka: ${what} failed: ${e.message ?? e.type} (the broker's ACLs do not allow ${who})`, false, { cause: error });
    }
  }
  const translated = toTransportError(what, error);
  const hint = !chain(error).some((e) => e.name === 'KafkaJSConnectionClosedError') ? undefined
    : options.ssl === undefined ? `a broker that expects TLS closes plaintext connections: is ${at}.ssl missing?`
    : options.sasl === undefined ? `a broker that expects SASL closes connections without it: is ${at}.sasl missing?`
    : undefined;
  if (hint === undefined || !(translated instanceof TransportError)) return translated;
  return new TransportError(`${translated.message} (${hint})`, translated.retriable, { cause: error });
};

const withCause = (error: ConfigError, cause: unknown): ConfigError => {
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false, configurable: true, writable: true });
  return error;
};

// Brokers do not echo passwords, but a message we did not write is checked anyway.
const scrub = (message: string | undefined, password: string): string =>
  password.length > 0 ? (message ?? '').split(password).join('***') : (message ?? '');
