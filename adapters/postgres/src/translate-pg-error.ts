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

/**
 * Turns node-postgres connection failures into Cadenza errors (E2): unreachable → retriable `TransportError`,
 * connect timeout → `TimeoutError`, bad credentials or database → `ConfigError`. Anything else (a SQL error,
 * our own bug) is returned unchanged for the caller to rethrow.
 */
export const translatePgError = (error: unknown, target: PostgresTarget): unknown => {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  const message = error.message;
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
