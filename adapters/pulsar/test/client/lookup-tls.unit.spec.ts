import { expect } from 'chai';
import type { Connection } from '../../src/client/connection';
import type { ConnectionPool } from '../../src/client/connection-pool';
import { LookupService } from '../../src/client/lookup-service';
import { type BaseCommand, CommandType, LookupType } from '../../src/client/proto/pulsar-api.types';
import { type BrokerAddress, parseServiceUrl } from '../../src/client/service-url';

type LookupAnswer = NonNullable<BaseCommand['lookupTopicResponse']>;

/** A pool whose connections answer LOOKUP from a table by broker URL, and which records where it connected. */
const scriptedPool = (answers: Record<string, Omit<LookupAnswer, 'requestId'>>) => {
  const asked: string[] = [];
  const pool = {
    get: (address: BrokerAddress) => {
      asked.push(address.url);
      const conn = {
        request: (build: (id: number) => BaseCommand) => {
          const { lookupTopic } = build(1);
          const answer = answers[address.url];
          if (!answer || !lookupTopic) return Promise.reject(new Error(`no answer scripted for ${address.url}`));
          return Promise.resolve({ type: CommandType.LOOKUP_RESPONSE, lookupTopicResponse: { ...answer, requestId: lookupTopic.requestId } });
        },
      };
      return Promise.resolve(conn as unknown as Connection);
    },
  };
  return { pool: pool as unknown as ConnectionPool, asked };
};

describe('LookupService over TLS', () => {
  it('connects to the owner\'s pulsar+ssl:// address when the service URL is pulsar+ssl://', async () => {
    const { pool } = scriptedPool({
      'pulsar+ssl://front:6651': {
        response: LookupType.Connect, brokerServiceUrl: 'pulsar://owner:6650', brokerServiceUrlTls: 'pulsar+ssl://owner:6651', authoritative: true,
      },
    });
    const { physical } = await new LookupService(pool, parseServiceUrl('pulsar+ssl://front')).lookup('t');
    expect(physical).to.deep.equal({ host: 'owner', port: 6651, tls: true, url: 'pulsar+ssl://owner:6651' });
  });

  it('follows a redirect to the next broker\'s TLS address, never its plaintext one', async () => {
    const { pool, asked } = scriptedPool({
      'pulsar+ssl://front:6651': {
        response: LookupType.Redirect, brokerServiceUrl: 'pulsar://next:6650', brokerServiceUrlTls: 'pulsar+ssl://next:16651', authoritative: true,
      },
      'pulsar+ssl://next:16651': {
        response: LookupType.Connect, brokerServiceUrl: 'pulsar://next:6650', brokerServiceUrlTls: 'pulsar+ssl://next:16651', authoritative: true,
      },
    });
    const { physical } = await new LookupService(pool, parseServiceUrl('pulsar+ssl://front:6651')).lookup('t');
    expect(asked).to.deep.equal(['pulsar+ssl://front:6651', 'pulsar+ssl://next:16651']);
    expect(physical.url).to.equal('pulsar+ssl://next:16651');
  });

  it('refuses, without retrying, an owner that has no TLS address', async () => {
    const { pool } = scriptedPool({
      'pulsar+ssl://front:6651': { response: LookupType.Connect, brokerServiceUrl: 'pulsar://owner:6650', authoritative: true },
    });
    const error = await new LookupService(pool, parseServiceUrl('pulsar+ssl://front')).lookup('t').then(() => undefined, (e: unknown) => e as Error & { retriable?: boolean });
    expect(error?.message).to.match(/LOOKUP t: .*no pulsar\+ssl:\/\/ address/);
    expect(error?.retriable).to.equal(false);
  });

  it('keeps plaintext lookups on brokerServiceUrl', async () => {
    const { pool } = scriptedPool({
      'pulsar://front:6650': {
        response: LookupType.Connect, brokerServiceUrl: 'pulsar://owner:6650', brokerServiceUrlTls: 'pulsar+ssl://owner:6651', authoritative: true,
      },
    });
    const { physical } = await new LookupService(pool, parseServiceUrl('pulsar://front')).lookup('t');
    expect(physical.url).to.equal('pulsar://owner:6650');
  });
});
