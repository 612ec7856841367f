import { CONFIG_BOUNDS, ConfigError, decodeConfig, isPort } from '@cadenza/core';
import * as t from 'io-ts';
import { type PostgresTls, resolveTls } from './postgres-tls';

/** How much of the server's certificate a TLS connection checks, named as libpq names its `sslmode`s. */
export const PostgresTlsMode = t.keyof({ require: null, 'verify-ca': null, 'verify-full': null }, "'require' | 'verify-ca' | 'verify-full'");
export type PostgresTlsMode = t.TypeOf<typeof PostgresTlsMode>;

/** `ssl: { mode, ca, cert, key, servername }`, every field optional; see {@link PostgresTlsOptions}. */
export const PostgresTlsConfig = t.partial(
  { mode: PostgresTlsMode, ca: t.string, cert: t.string, key: t.string, servername: t.string },
  "TLS options { mode?: 'require' | 'verify-ca' | 'verify-full', ca?, cert?, key?, servername? }",
);

/** `history: { type: postgres, connectionString: postgres://… }`: histories in one PostgreSQL table. */
export const PostgresHistoryConfig = t.intersection(
  [
    t.type({ type: t.literal('postgres'), connectionString: t.string }),
    t.partial({
      schema: t.string,
      tablePrefix: t.string,
      poolSize: t.number,
      connectTimeoutMs: t.number,
      queryTimeoutMs: t.number,
      ssl: PostgresTlsConfig,
    }),
  ],
  'PostgresHistoryConfig',
);
export type PostgresHistoryConfig = t.TypeOf<typeof PostgresHistoryConfig>;

/**
 * TLS to the server (`history.ssl`). Present, even as `{}`, it makes every connection TLS; absent, none is.
 * `ca`, `cert` and `key` each take PEM text (starting `-----BEGIN`) or the path of a PEM file, read once at
 * start-up. Neither a key nor a certificate ever appears in an error or a log line.
 */
export interface PostgresTlsOptions {
  /**
   * `require`: encrypted, the certificate is not checked (but, as in libpq, a given `ca` checks the chain);
   * `verify-ca`: the certificate must chain to `ca`; `verify-full`: that, and it must name the host.
   * @default 'verify-full'
   */
  readonly mode?: PostgresTlsMode;
  /**
   * CA certificate(s) the server's certificate must chain to.
   * @default Node's bundled root CAs
   */
  readonly ca?: string;
  /**
   * Client certificate, for servers that ask for one (`clientcert=verify-full`, or the `cert` auth method,
   * which maps its CN to the user). Give `key` with it.
   * @default none
   */
  readonly cert?: string;
  /**
   * Private key of `cert`, unencrypted.
   * @default none
   */
  readonly key?: string;
  /**
   * Host name the certificate must name (and sent as SNI), when it differs from the connection string's host.
   * @default the connection string's host
   */
  readonly servername?: string;
}

/** Where the store keeps its tables; shared by the options and by a store over a caller's pool. */
export interface PostgresTableOptions {
  /**
   * Schema holding the tables; created if missing. Lower-case letters, digits and `_`.
   * @default 'public'
   */
  readonly schema?: string;
  /**
   * Prefix of every table name (`<prefix>events`, `<prefix>tombstones`); give each test run its own to
   * keep runs apart in one database. Lower-case letters, digits and `_`.
   * @default 'cadenza_'
   */
  readonly tablePrefix?: string;
}

/** Every option of a store that opens its own pool, with defaults applied. */
export interface PostgresHistoryOptions extends Required<PostgresTableOptions> {
  readonly type: 'postgres';
  /** `postgres://user:password@host:port/database`, as node-postgres reads it. */
  readonly connectionString: string;
  /**
   * Connections in the pool: at most this many appends and reads run at once.
   * @default 10
   */
  readonly poolSize: number;
  /**
   * Milliseconds to wait for a new connection before failing with `TimeoutError`.
   * @default 5000
   */
  readonly connectTimeoutMs: number;
  /**
   * Milliseconds one statement may run (server `statement_timeout`, and a client-side bound a little longer
   * for a silent network) before it fails with `TimeoutError`.
   * @default 30000
   */
  readonly queryTimeoutMs: number;
  /** TLS, with `ca`, `cert` and `key` read into PEM text; absent when the config has no `ssl`. */
  readonly ssl?: PostgresTls;
}

/** The defaults of every optional field, in one place (K1). */
export const postgresDefaults = { schema: 'public', tablePrefix: 'cadenza_', poolSize: 10, connectTimeoutMs: 5_000, queryTimeoutMs: 30_000 } as const;

/** The defaults of `ssl` once it is given. */
export const postgresTlsDefaults = { mode: 'verify-full' } as const;

// TLS settings node-postgres reads from the URL; they would silently override the `ssl` option.
const URL_TLS_PARAMS = ['ssl', 'sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'sslnegotiation'];

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,40}$/;

/** More connections than any PostgreSQL server takes (`max_connections` defaults to 100). */
const MAX_POOL_SIZE = 10_000;

/**
 * The connection fields of a `postgres://` URL: it parses, gives a port of 1 to 65535 when it gives one, and at most
 * one database. An empty host (the local socket, as in libpq, or `?host=`) is allowed. The error shows the URL
 * without its password.
 */
const checkConnectionFields = (connectionString: string, at: string): void => {
  // WHATWG URLs refuse an empty host after credentials; put a stand-in there to check the other fields.
  const url = parsedUrl(connectionString) ?? parsedUrl(connectionString.replace(/^(postgres(?:ql)?:\/\/(?:[^@/?]*@)?)(?=[:/?]|$)/, '$1localhost'));
  if (url === undefined) throw new ConfigError(at, 'a URL postgres://user:password@host:port/database', redact(connectionString));
  if (url.port !== '' && !isPort(Number(url.port))) throw new ConfigError(at, 'a port of 1 to 65535', redact(connectionString));
  if (url.pathname.replace(/^\//, '').includes('/')) throw new ConfigError(at, 'one database name after the host', redact(connectionString));
};

/** Checks the names that end up in SQL text: they cannot be bound as parameters, so they must be plain. */
export const checkTableOptions = (o: PostgresTableOptions, at: string): Required<PostgresTableOptions> => {
  const schema = o.schema ?? postgresDefaults.schema;
  const tablePrefix = o.tablePrefix ?? postgresDefaults.tablePrefix;
  if (!IDENTIFIER.test(schema)) throw new ConfigError(`${at}.schema`, 'a lower-case SQL identifier ([a-z_][a-z0-9_]*)', schema);
  if (tablePrefix !== '' && !IDENTIFIER.test(tablePrefix)) {
    throw new ConfigError(`${at}.tablePrefix`, 'lower-case letters, digits and _ (starting with a letter or _)', tablePrefix);
  }
  return { schema, tablePrefix };
};

/** Validates raw config (`history: { type: postgres, … }`) and applies defaults; throws `ConfigError` naming the field. */
export const resolvePostgresOptions = (raw: unknown, at = 'history'): PostgresHistoryOptions => {
  const decoded = decodeConfig(PostgresHistoryConfig, raw, at);
  const { ssl, ...rest } = decoded;
  const o = { ...postgresDefaults, ...rest, ...checkTableOptions(decoded, at) };
  if (!/^postgres(ql)?:\/\//.test(o.connectionString)) {
    throw new ConfigError(`${at}.connectionString`, 'a postgres:// or postgresql:// URL', redact(o.connectionString));
  }
  checkConnectionFields(o.connectionString, `${at}.connectionString`);
  if (!Number.isInteger(o.poolSize) || o.poolSize < 1) throw new ConfigError(`${at}.poolSize`, 'an integer ≥ 1', o.poolSize);
  if (o.poolSize > MAX_POOL_SIZE) throw new ConfigError(`${at}.poolSize`, `at most ${MAX_POOL_SIZE}`, o.poolSize);
  for (const field of ['connectTimeoutMs', 'queryTimeoutMs'] as const) {
    if (!Number.isFinite(o[field]) || o[field] <= 0) throw new ConfigError(`${at}.${field}`, 'a number of milliseconds > 0', o[field]);
    if (o[field] > CONFIG_BOUNDS.maxTimeoutMs) throw new ConfigError(`${at}.${field}`, `at most ${CONFIG_BOUNDS.maxTimeoutMs} ms (a day)`, o[field]);
  }
  if (ssl === undefined) return o;
  if (urlTlsParams(o.connectionString).length > 0) {
    throw new ConfigError(`${at}.connectionString`, `no ${urlTlsParams(o.connectionString).join(', ')} in the URL when ${at}.ssl is given`,
      redact(o.connectionString), 'set TLS in one place');
  }
  // Named, not spread: options resolved before (handed back in) hold the key as a non-enumerable property.
  return { ...o, ssl: resolveTls({ ...postgresTlsDefaults, ...ssl, ...(ssl.key !== undefined ? { key: ssl.key } : {}) }, `${at}.ssl`) };
};

const parsedUrl = (text: string): URL | undefined => {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
};

const urlTlsParams = (connectionString: string): string[] => {
  const query = connectionString.split('?')[1] ?? '';
  return [...new URLSearchParams(query).keys()].filter((k) => URL_TLS_PARAMS.includes(k));
};

/** A connection string without its password, safe for error messages. */
export const redact = (connectionString: string): string => connectionString.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
