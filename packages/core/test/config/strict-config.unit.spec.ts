import { expect } from 'chai';
import * as t from 'io-ts';
import { ConfigError, decodeConfig, resolveConfig } from '../../src';

const thrown = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

const Section = t.intersection([
  t.type({ type: t.literal('demo'), brokers: t.array(t.string) }),
  t.partial({
    sasl: t.type({ mechanism: t.string, username: t.string, password: t.string }),
    ssl: t.union([t.boolean, t.UnknownRecord]),
    token: t.string,
    listeners: t.array(t.type({ host: t.string })),
  }),
]);

describe('decodeConfig refuses what it would otherwise ignore', () => {
  it('names a misspelled option and the one it is nearest to', () => {
    const error = thrown(() => decodeConfig(Section, { type: 'demo', brokers: ['a:1'], sals: { mechanism: 'plain' } }, 'transport'));
    expect(error.path).to.equal('transport.sals');
    expect(error.message).to.contain('did you mean "sasl"?').and.to.contain('known: type, brokers, sasl, ssl, token, listeners');
  });

  it('looks into nested objects and arrays of objects', () => {
    expect(thrown(() => decodeConfig(Section, { type: 'demo', brokers: [], sasl: { mechanism: 'plain', username: 'u', password: 'p', pasword: 'x' } }, 'transport')).path)
      .to.equal('transport.sasl.pasword');
    expect(thrown(() => decodeConfig(Section, { type: 'demo', brokers: [], listeners: [{ host: 'a' }, { host: 'b', hots: 'b' }] }, 'transport')).path)
      .to.equal('transport.listeners.1.hots');
  });

  it('leaves open records alone: Node TLS options pass through as given', () => {
    const decoded = decodeConfig(Section, { type: 'demo', brokers: [], ssl: { rejectUnauthorized: false, ca: 'PEM' } }, 'transport');
    expect(decoded.ssl).to.deep.equal({ rejectUnauthorized: false, ca: 'PEM' });
  });

  it('suggests nothing for a key that is no typo, and still lists the known ones', () => {
    const error = thrown(() => decodeConfig(Section, { type: 'demo', brokers: [], compression: 'lz4' }, 'transport'));
    expect(error.message).not.to.contain('did you mean');
    expect(error.message).to.contain('known: type');
  });

  it('refuses a misspelled top-level option of the Cadenza config', () => {
    const error = thrown(() => resolveConfig({ cachesize: 10 }));
    expect(error.path).to.equal('config.cachesize');
    expect(error.message).to.contain('did you mean "cacheSize"?');
  });
});

describe('config errors never show secrets', () => {
  it('masks a secret field of the wrong type', () => {
    const error = thrown(() => decodeConfig(Section, { type: 'demo', brokers: [], token: 12345678 }, 'transport'));
    expect(error.path).to.equal('transport.token');
    expect(error.message).not.to.contain('12345678');
    expect(error.message).to.contain('***');
  });

  it('masks secrets inside a refused section and inside a misspelled option', () => {
    const section = { mechanism: 'plain', username: 'u', password: 'hunter2', extra: 1 };
    const error = thrown(() => decodeConfig(Section, { type: 'demo', brokers: [], sasl: section }, 'transport'));
    expect(error.message).not.to.contain('hunter2');
    const typo = thrown(() => decodeConfig(Section, { type: 'demo', brokers: [], tokn: 'sekrit-token' }, 'transport'));
    expect(typo.message).not.to.contain('sekrit-token');
  });

  it('masks the password of a connection string', () => {
    const error = thrown(() => decodeConfig(t.type({ url: t.number }), { url: 'postgres://app:hunter2@db:5432/x' }, 'history'));
    expect(error.message).not.to.contain('hunter2');
    expect(error.message).to.contain('postgres://app:***@db:5432/x');
  });
});

describe('config events', () => {
  it('takes events.publish as a boolean', () => {
    expect(resolveConfig({ events: { publish: false } }).events).to.deep.equal({ publish: false });
    expect(resolveConfig({}).events).to.equal(undefined);
  });

  it('refuses a misspelled key under events, naming it, and a publish that is not a boolean', () => {
    const error = thrown(() => resolveConfig({ events: { publsh: true } }));
    expect(error.path).to.equal('config.events.publsh');
    expect(error.message).to.contain('did you mean "publish"?');
    expect(thrown(() => resolveConfig({ events: { publish: 'yes' } })).path).to.equal('config.events.publish');
  });
});
