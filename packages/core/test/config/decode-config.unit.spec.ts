import { expect } from 'chai';
import * as t from 'io-ts';
import { decodeConfig } from '../../src/config/decode-config';
import { ConfigError } from '../../src/errors/config-error';
import { thrownBy } from '../support/rejection-of';

const Options = t.intersection([t.type({ type: t.literal('kafka'), brokers: t.array(t.string) }), t.partial({ clientId: t.string })], 'KafkaOptions');

describe('config/decode-config', () => {
  it('returns the decoded value', () => {
    const raw = { type: 'kafka', brokers: ['a:1'], clientId: 'c' };
    expect(decodeConfig(Options, raw, 'transport')).to.deep.equal(raw);
  });

  it('names the path under `at`, through intersections and arrays', () => {
    const error = thrownBy(() => decodeConfig(Options, { type: 'kafka', brokers: ['a:1', 9092] }, 'transport')) as ConfigError;
    expect(error).to.be.instanceOf(ConfigError);
    expect(error.path).to.equal('transport.brokers.1');
    expect(error.expected).to.equal('string');
    expect(error.actual).to.equal(9092);
    expect(error.message).to.equal('invalid config at transport.brokers.1: expected string, got 9092');
  });

  it('names a wrong literal', () => {
    const error = thrownBy(() => decodeConfig(Options, { type: 'pulsar', brokers: [] }, 'transport')) as ConfigError;
    expect(error.message).to.equal('invalid config at transport.type: expected "kafka", got "pulsar"');
  });

  it('names `at` itself when the whole value is wrong', () => {
    const error = thrownBy(() => decodeConfig(t.type({ url: t.string }, 'Url'), 'http://x', 'history')) as ConfigError;
    expect(error.path).to.equal('history');
    expect(error.message).to.equal('invalid config at history: expected Url, got "http://x"');
  });
});
