import { ConfigError, decodeConfig } from '@cadenza/core';
import { EventStoreDBClient } from '@eventstore/db-client';
import * as t from 'io-ts';

/** `history: { type: eventstoredb, connectionString: "esdb://host:2113?tls=false" }`: one EventStoreDB stream per workflow. */
export const EventStoreDbHistoryConfig = t.intersection(
  [t.type({ type: t.literal('eventstoredb'), connectionString: t.string }), t.partial({ deadlineMs: t.number })],
  'EventStoreDbHistoryConfig',
);
export type EventStoreDbHistoryConfig = t.TypeOf<typeof EventStoreDbHistoryConfig>;

/** Options of the store's calls, whoever built the client. */
export interface EventStoreDbCallOptions {
  /**
   * Milliseconds each read, append or delete may take before it fails with `TimeoutError`.
   * @default 10000 (the client's own default)
   */
  readonly deadlineMs?: number;
}

export interface EventStoreDbHistoryOptions extends Required<EventStoreDbCallOptions> {
  readonly type: 'eventstoredb';
  /** `esdb://host:port?tls=false`, `esdb+discover://…`: EventStoreDB's connection string, as its client reads it. */
  readonly connectionString: string;
}

/** The defaults of every optional field, in one place (K1). */
export const eventStoreDbDefaults = { deadlineMs: 10_000 } as const;

/** Validates raw config and applies defaults; throws `ConfigError` naming the field (the connection string is parsed here too). */
export const resolveEventStoreDbOptions = (raw: unknown, at = 'history'): EventStoreDbHistoryOptions => {
  const o = { ...eventStoreDbDefaults, ...decodeConfig(EventStoreDbHistoryConfig, raw, at) };
  if (!/^esdb(\+discover)?:\/\//.test(o.connectionString)) {
    throw new ConfigError(`${at}.connectionString`, 'an esdb:// or esdb+discover:// connection string', redact(o.connectionString));
  }
  try {
    parseWithClient(o.connectionString);
  } catch (error) {
    throw new ConfigError(`${at}.connectionString`, 'a connection string EventStoreDB accepts', redact(o.connectionString), (error as Error).message);
  }
  if (!Number.isFinite(o.deadlineMs) || o.deadlineMs <= 0) throw new ConfigError(`${at}.deadlineMs`, 'a number of milliseconds > 0', o.deadlineMs);
  return o;
};

// Building a client only parses the string; it connects on first use.
const parseWithClient = (connectionString: string): void => {
  void EventStoreDBClient.connectionString(connectionString);
};

/** A connection string without credentials, safe for error messages. */
export const redact = (connectionString: string): string => connectionString.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
