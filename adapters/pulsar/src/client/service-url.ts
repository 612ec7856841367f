/**
 * Parses `pulsar://host:port` (port 6650 when absent) and `pulsar+ssl://host:port` (TLS; port 6651 when absent),
 * the two forms of a broker address in config and in lookup answers.
 */
import { ConfigError } from '@cadenza/core';

export interface BrokerAddress {
  readonly host: string;
  readonly port: number;
  /** Whether the connection is made over TLS (`pulsar+ssl://`). */
  readonly tls: boolean;
  /** `pulsar://host:port` or `pulsar+ssl://host:port`, the forms lookups return; connections are pooled by it. */
  readonly url: string;
}

export const parseServiceUrl = (url: string, at = 'serviceUrl'): BrokerAddress => {
  const match = /^pulsar(\+ssl)?:\/\/([^:/,]+)(?::(\d+))?\/?$/.exec(url.trim());
  if (!match) throw new ConfigError(at, 'pulsar://host[:port] or pulsar+ssl://host[:port] (one host)', url);
  const tls = match[1] !== undefined;
  const host = match[2]!;
  const port = match[3] === undefined ? (tls ? 6651 : 6650) : Number(match[3]);
  return { host, port, tls, url: `pulsar${tls ? '+ssl' : ''}://${host}:${port}` };
};
