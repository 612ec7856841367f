import { eventually } from '@cadenza/conformance';
import { expect } from 'chai';
import { type BaseCommand, CommandType, createPulsarClient, type Frame, LookupType, parseServiceUrl, toNumber } from '../../src/client';
import { Connection, type ConnectionOptions } from '../../src/client/connection';
import { ConnectionPool } from '../../src/client/connection-pool';
import { LookupService } from '../../src/client/lookup-service';
import { lookupCommand } from '../../src/client/commands/lookup';
import { FakeBroker, handshake } from '../support/fake-broker';

const options: ConnectionOptions = { connectTimeoutMs: 300, operationTimeoutMs: 300, keepAliveIntervalMs: 100, clientVersion: 'test' };

const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error & { code?: string; retriable?: boolean });

describe('Connection and lookup against a scripted broker', function () {
  this.timeout(10_000);
  const brokers: FakeBroker[] = [];
  const fake = async (behaviour: ConstructorParameters<typeof FakeBroker>[0]) => {
    const broker = new FakeBroker(behaviour);
    brokers.push(broker);
    return parseServiceUrl(await broker.start());
  };
  afterEach(async () => {
    await Promise.all(brokers.splice(0).map((b) => b.stop()));
  });

  it('gives up on a broker that accepts TCP but never answers CONNECT', async () => {
    const error = await errorOf(Connection.open(await fake(() => []), options));
    expect(error?.code).to.equal('TRANSPORT');
    expect(error?.message).to.match(/did not complete CONNECT within 300 ms/);
  });

  it('sends a token in CONNECT for token authentication, and nothing when there is none', async () => {
    const address = await fake(handshake());
    const withToken = await Connection.open(address, { ...options, token: 'eyJhbGciOi.test.token' });
    const without = await Connection.open(address, options);
    withToken.close();
    without.close();
    const connects = brokers[0]!.received.filter((f) => f.command.type === CommandType.CONNECT).map((f) => f.command.connect!);
    expect(connects.map((c) => [c.authMethodName, Buffer.from(c.authData ?? []).toString()])).to.deep.equal([
      ['token', 'eyJhbGciOi.test.token'], ['', ''],
    ]);
  });

  it('answers AUTH_CHALLENGE with the current token', async () => {
    const challengeAfterConnect = (f: Frame): BaseCommand[] => (f.command.type === CommandType.CONNECT
      ? [
        { type: CommandType.CONNECTED, connected: { serverVersion: 'fake', protocolVersion: 19 } },
        { type: CommandType.AUTH_CHALLENGE, authChallenge: { challenge: { authMethodName: 'token', authData: Buffer.from('refresh') } } },
      ]
      : []);
    let issued = 0;
    const conn = await Connection.open(await fake(challengeAfterConnect), { ...options, keepAliveIntervalMs: 10_000, token: () => `token-${++issued}` });
    try {
      const answered = () => brokers[0]!.received.filter((f) => f.command.type === CommandType.AUTH_RESPONSE);
      await eventually(() => expect(answered()).to.have.length(1), { timeoutMs: 2_000 });
      const connect = brokers[0]!.received[0]!.command.connect!;
      expect([Buffer.from(connect.authData!).toString(), connect.featureFlags!.supportsAuthRefresh]).to.deep.equal(['token-1', true]);
      const response = answered()[0]!.command.authResponse!.response!;
      expect([response.authMethodName, Buffer.from(response.authData!).toString()]).to.deep.equal(['token', 'token-2']);
    } finally {
      conn.close();
    }
  });

  it('refuses a broker that speaks a protocol older than 15', async () => {
    const error = await errorOf(Connection.open(await fake(handshake(() => [], 10)), options));
    expect(error?.message).to.match(/speaks protocol 10; this client needs 15\+/);
    expect(error?.retriable).to.equal(false);
  });

  it('times out a request the broker does not answer', async () => {
    const conn = await Connection.open(await fake(handshake()), { ...options, keepAliveIntervalMs: 10_000 });
    try {
      const error = await errorOf(conn.request((id) => lookupCommand('t', id, false), 'LOOKUP t'));
      expect(error?.code).to.equal('TIMEOUT');
      expect(error?.message).to.match(/LOOKUP t on pulsar:\/\/127\.0\.0\.1:\d+ did not finish within 300 ms/);
    } finally {
      conn.close();
    }
  });

  it('pings, and closes a connection whose broker stays silent for two keep-alive intervals', async () => {
    const address = await fake(handshake());
    const conn = await Connection.open(address, options);
    const closed = await new Promise<Error>((resolve) => conn.onClose(resolve));
    expect(closed.message).to.match(/silent for 200 ms/);
    expect(brokers[0]!.received.some((f) => f.command.type === CommandType.PING)).to.equal(true);
  });

  it('answers the broker\'s PING with PONG and stays up', async () => {
    const conn = await Connection.open(await fake(handshake((f) => (f.command.type === CommandType.PING ? [{ type: CommandType.PONG, pong: {} }] : []))), options);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(conn.closed).to.equal(false);
    conn.close();
  });

  it('follows LOOKUP redirects, passing the authoritative flag, to the broker that owns the topic', async () => {
    const owner = await fake(handshake((f, url) => f.command.type === CommandType.LOOKUP
      ? [{ type: CommandType.LOOKUP_RESPONSE, lookupTopicResponse: { requestId: f.command.lookupTopic!.requestId, response: LookupType.Connect, brokerServiceUrl: url, authoritative: true } }]
      : []));
    const seenAuthoritative: boolean[] = [];
    const front = await fake(handshake((f) => {
      if (f.command.type !== CommandType.LOOKUP) return [];
      seenAuthoritative.push(f.command.lookupTopic!.authoritative ?? false);
      return [{ type: CommandType.LOOKUP_RESPONSE, lookupTopicResponse: { requestId: f.command.lookupTopic!.requestId, response: LookupType.Redirect, brokerServiceUrl: owner.url, authoritative: true } }];
    }));
    const pool = new ConnectionPool({ ...options, keepAliveIntervalMs: 10_000 });
    try {
      const result = await new LookupService(pool, front).lookup('persistent://public/default/t');
      expect(result.physical.url).to.equal(owner.url);
      expect(seenAuthoritative).to.deep.equal([false]);
      const ownerLookups = brokers[0]!.received.filter((f) => f.command.type === CommandType.LOOKUP);
      expect(ownerLookups.map((f) => f.command.lookupTopic!.authoritative)).to.deep.equal([true]);
      expect(toNumber(ownerLookups[0]!.command.lookupTopic!.requestId)).to.be.greaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('turns a Failed lookup into the broker\'s error', async () => {
    const front = await fake(handshake((f) => f.command.type === CommandType.LOOKUP
      ? [{ type: CommandType.LOOKUP_RESPONSE, lookupTopicResponse: { requestId: f.command.lookupTopic!.requestId, response: LookupType.Failed, error: 17, message: 'bad name' } }]
      : []));
    const pool = new ConnectionPool(options);
    try {
      const error = await errorOf(new LookupService(pool, front).lookup('t'));
      expect(error?.message).to.equal('LOOKUP t refused by broker: InvalidTopicName (bad name)');
      expect(error?.retriable).to.equal(false);
    } finally {
      await pool.close();
    }
  });

  it('rejects one send on SEND_ERROR with the broker\'s error, and keeps the producer for the next send', async () => {
    let sends = 0;
    const broker = (f: Frame, url: string): BaseCommand[] => {
      const c = f.command;
      switch (c.type) {
        case CommandType.PARTITIONED_METADATA:
          return [{ type: CommandType.PARTITIONED_METADATA_RESPONSE, partitionMetadataResponse: { requestId: c.partitionMetadata!.requestId, partitions: 0 } }];
        case CommandType.LOOKUP:
          return [{ type: CommandType.LOOKUP_RESPONSE, lookupTopicResponse: { requestId: c.lookupTopic!.requestId, response: LookupType.Connect, brokerServiceUrl: url } }];
        case CommandType.PRODUCER:
          return [{ type: CommandType.PRODUCER_SUCCESS, producerSuccess: { requestId: c.producer!.requestId, producerName: 'fake-producer' } }];
        case CommandType.SEND: {
          const { producerId, sequenceId } = c.send!;
          return sends++ === 0
            ? [{ type: CommandType.SEND_ERROR, sendError: { producerId, sequenceId, error: 2, message: 'bookie write failed' } }]
            : [{ type: CommandType.SEND_RECEIPT, sendReceipt: { producerId, sequenceId, messageId: { ledgerId: 3, entryId: 4 } } }];
        }
        case CommandType.CLOSE_PRODUCER:
          return [{ type: CommandType.SUCCESS, success: { requestId: c.closeProducer!.requestId } }];
        default:
          return [];
      }
    };
    const address = await fake(handshake(broker));
    const client = createPulsarClient({ serviceUrl: address.url, operationTimeoutMs: 2_000 });
    try {
      const producer = await client.createProducer('t');
      const failed = await errorOf(producer.send({ payload: Buffer.from('first') }));
      expect(failed?.message).to.equal('SEND to persistent://public/default/t refused by broker: PersistenceError (bookie write failed)');
      expect(failed?.retriable).to.equal(true);
      expect(await producer.send({ payload: Buffer.from('second') })).to.deep.equal({ ledgerId: 3, entryId: 4, batchIndex: -1 });
      const sent = brokers[0]!.received.filter((f) => f.command.type === CommandType.SEND);
      expect(sent.map((f) => f.metadata!.producerName)).to.deep.equal(['fake-producer', 'fake-producer']);
    } finally {
      await client.close();
    }
  });
});
