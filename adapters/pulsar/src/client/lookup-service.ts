/**
 * Finds the broker that serves a topic: PARTITIONED_METADATA, then LOOKUP on the service URL, following
 * `Redirect` answers (at most 20 hops) with `authoritative` passed along. A client that came in over TLS
 * (`pulsar+ssl://`) follows the brokers' TLS addresses only, so no hop falls back to plaintext.
 */
import { TransportError } from '@cadenza/core';
import { lookupCommand } from './commands/lookup';
import { partitionedMetadataCommand } from './commands/partitioned-metadata';
import type { ConnectionPool } from './connection-pool';
import { LookupType } from './proto/pulsar-api.types';
import { fromServerError } from './server-error';
import { type BrokerAddress, parseServiceUrl } from './service-url';

const MAX_REDIRECTS = 20;

export interface LookupResult {
  /** Where to open the connection. */
  readonly physical: BrokerAddress;
}

export class LookupService {
  constructor(private readonly pool: ConnectionPool, private readonly serviceAddress: BrokerAddress) {}

  /** Number of partitions of `topic`; 0 for a non-partitioned topic. */
  async partitions(topic: string): Promise<number> {
    const conn = await this.pool.get(this.serviceAddress);
    const answer = await conn.request((id) => partitionedMetadataCommand(topic, id), `PARTITIONED_METADATA ${topic}`);
    const r = answer.partitionMetadataResponse;
    if (!r) throw new TransportError(`PARTITIONED_METADATA ${topic}: unexpected answer type ${answer.type}`, true);
    if (r.response === 1) throw fromServerError(r.error, r.message, `PARTITIONED_METADATA ${topic}`);
    return r.partitions ?? 0;
  }

  async lookup(topic: string): Promise<LookupResult> {
    let address = this.serviceAddress;
    let authoritative = false;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const conn = await this.pool.get(address);
      const answer = await conn.request((id) => lookupCommand(topic, id, authoritative), `LOOKUP ${topic}`);
      const r = answer.lookupTopicResponse;
      if (!r) throw new TransportError(`LOOKUP ${topic}: unexpected answer type ${answer.type}`, true);
      if (r.response === LookupType.Failed) throw fromServerError(r.error, r.message, `LOOKUP ${topic}`);
      const target = this.next(topic, r.brokerServiceUrl, r.brokerServiceUrlTls) ?? address;
      if (r.response === LookupType.Connect) {
        return { physical: r.proxyThroughServiceUrl ? this.serviceAddress : target };
      }
      address = target;
      authoritative = r.authoritative ?? false;
    }
    throw new TransportError(`LOOKUP ${topic}: more than ${MAX_REDIRECTS} redirects`, true);
  }

  /** The address a lookup answer points to, in the scheme of the service URL; undefined for "this broker". */
  private next(topic: string, plain: string | undefined, tls: string | undefined): BrokerAddress | undefined {
    if (!this.serviceAddress.tls) return plain ? parseServiceUrl(plain, 'brokerServiceUrl') : undefined;
    if (tls) return parseServiceUrl(tls, 'brokerServiceUrlTls');
    if (plain) {
      // The broker has TLS off on its side; retrying cannot change that, and plaintext would expose the token.
      throw new TransportError(`LOOKUP ${topic}: the owning broker has no pulsar+ssl:// address (only ${plain}); enable brokerServicePortTls on it`, false);
    }
    return undefined;
  }
}
