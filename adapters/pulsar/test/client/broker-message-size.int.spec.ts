import { freshName, testEnvelope } from '@cadenza/conformance';
import { hasErrorCode } from '@cadenza/core';
import { expect } from 'chai';
import { type BaseCommand, CommandType, parseServiceUrl } from '../../src/client';
import { Connection, type ConnectionOptions } from '../../src/client/connection';
import { createPulsarTransport } from '../../src';
import { FakeBroker, type FakeBehaviour } from '../support/fake-broker';

const options: ConnectionOptions = { connectTimeoutMs: 2_000, operationTimeoutMs: 2_000, keepAliveIntervalMs: 1_000, clientVersion: 'test' };

/** A broker that answers CONNECT with `maxMessageSize` and nothing else. */
const connectedWith = (maxMessageSize: number): FakeBehaviour => (frame) =>
  frame.command.type === CommandType.CONNECT
    ? [{ type: CommandType.CONNECTED, connected: { serverVersion: 'fake', protocolVersion: 19, maxMessageSize } } satisfies BaseCommand]
    : [];

const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error & { path?: string });

describe('maxMessageBytes against the max_message_size a scripted broker sends in CONNECTED', function () {
  this.timeout(20_000);
  const brokers: FakeBroker[] = [];
  const fake = async (maxMessageSize: number) => {
    const broker = new FakeBroker(connectedWith(maxMessageSize));
    brokers.push(broker);
    return broker.start();
  };
  afterEach(async () => {
    await Promise.all(brokers.splice(0).map((b) => b.stop()));
  });

  it('fails the handshake with a ConfigError naming transport.maxMessageBytes, the value and the broker\'s limit', async () => {
    const url = await fake(1_000_000);
    const error = await errorOf(Connection.open(parseServiceUrl(url), { ...options, maxMessageBytes: 2_000_000 }));
    expect(hasErrorCode(error, 'CONFIG'), String(error)).to.equal(true);
    expect(error?.path).to.equal('transport.maxMessageBytes');
    expect(error?.message).to.match(/expected at most 983616 \(the broker at pulsar:\/\/127\.0\.0\.1:\d+ has a max_message_size of 1000000, .*\), got 2000000$/);
  });

  it('connects when the broker\'s limit is larger than ours, and when nothing is to be checked', async () => {
    const url = await fake(100 * 1024 * 1024);
    const conn = await Connection.open(parseServiceUrl(url), { ...options, maxMessageBytes: 5_000_000 });
    expect(conn.maxMessageSize).to.equal(100 * 1024 * 1024);
    conn.close();
    const small = await fake(1_000_000);
    const unchecked = await Connection.open(parseServiceUrl(small), options);
    unchecked.close();
  });

  it('rejects the transport\'s first publish and subscribe at once with that ConfigError, for the default maxMessageBytes too', async () => {
    const url = await fake(1_000_000);
    for (const raw of [{ maxMessageBytes: 2_000_000 }, {}]) {
      // A retriable error would be retried for the whole minute; a ConfigError ends the attempt on the first answer.
      const transport = createPulsarTransport({ type: 'pulsar', serviceUrl: url, operationTimeoutMs: 60_000, ...raw });
      try {
        const published = await errorOf(transport.publish(freshName('t'), testEnvelope('x')));
        expect(hasErrorCode(published, 'CONFIG'), String(published)).to.equal(true);
        expect(published?.path).to.equal('transport.maxMessageBytes');
        const subscribed = await errorOf(transport.subscribe(freshName('t'), 'g', async () => undefined, { order: 'none', deadLetterTopic: freshName('dl') }));
        expect(hasErrorCode(subscribed, 'CONFIG'), String(subscribed)).to.equal(true);
        expect(subscribed?.message).to.match(/max_message_size of 1000000/);
      } finally {
        await transport.close();
      }
    }
  });
});
