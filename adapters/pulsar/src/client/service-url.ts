/** Parses `pulsar://host:port` (port 6650 when absent); `pulsar+ssl://` is refused (no TLS in this client). */
import { ConfigError } from '@cadenza/core';

export interface BrokerAddress {
  readonly host: string;
  readonly port: number;
  /** `pulsar://host:port`, the form lookups return. */
  readonly url: string;
}

export const parseServiceUrl = (url: string, at = 'serviceUrl'): BrokerAddress => {
  const match = /^pulsar:\/\/([^:/,]+)(?::(\d+))?\/?$/.exec(url.trim());
  if (!match) throw new ConfigError(at, 'pulsar://host[:port] (one host, no TLS)', url);
  const host = match[1]!;
  const port = match[2] === undefined ? 6650 : Number(match[2]);
  return { host, port, url: `pulsar://${host}:${port}` };
};
