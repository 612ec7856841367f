import { expect } from 'chai';
import { parseConfig, resolveConfig } from '../../src/config/cadenza-config';
import { ConfigError } from '../../src/errors/config-error';
import { thrownBy } from '../support/rejection-of';

const configError = (fn: () => unknown): ConfigError => {
  const error = thrownBy(fn);
  expect(error).to.be.instanceOf(ConfigError);
  expect((error as ConfigError).code).to.equal('CONFIG');
  expect((error as ConfigError).retriable).to.equal(false);
  return error as ConfigError;
};

describe('config/cadenza-config', () => {
  describe('parseConfig', () => {
    it('reads every field from YAML', () => {
      const yaml = [
        'namespace: prod-eu_1',
        'transport: { type: kafka, brokers: ["127.0.0.1:9092"] }',
        'history:',
        '  type: postgres',
        '  connectionString: postgres://127.0.0.1/test',
        'logLevel: info',
        'cacheSize: 0',
        'retainHistory: true',
        'workflowConcurrency: 8',
        'maxPayloadBytes: 1024',
        'maxDeliveries: 3',
      ].join('\n');
      expect(parseConfig(yaml)).to.deep.equal({
        namespace: 'prod-eu_1',
        transport: { type: 'kafka', brokers: ['127.0.0.1:9092'] },
        history: { type: 'postgres', connectionString: 'postgres://127.0.0.1/test' },
        logLevel: 'info', cacheSize: 0, retainHistory: true, workflowConcurrency: 8, maxPayloadBytes: 1024, maxDeliveries: 3,
      });
    });

    it('reads an empty document as an empty config', () => {
      expect(parseConfig('')).to.deep.equal({});
      expect(parseConfig('# only a comment\n')).to.deep.equal({});
    });

    it('refuses text that is not YAML, at path config', () => {
      const error = configError(() => parseConfig('transport: [kafka, pulsar'));
      expect(error.path).to.equal('config');
      expect(error.expected).to.equal('valid YAML');
      expect(error.message).to.match(/^invalid config at config: expected valid YAML, got ".+"$/);
    });

    it('refuses YAML whose document is not a mapping', () => {
      expect(configError(() => parseConfig('just text')).message).to.equal('invalid config at config: expected an object, got "just text"');
      expect(configError(() => parseConfig('- a\n- b')).message).to.equal('invalid config at config: expected an object, got ["a","b"]');
    });

    it('names the bad field of a YAML document', () => {
      expect(configError(() => parseConfig('cacheSize: ten')).message).to.equal('invalid config at config.cacheSize: expected NonNegativeInteger, got "ten"');
    });
  });

  describe('resolveConfig', () => {
    it('accepts a valid object and returns it as is', () => {
      const config = { transport: { type: 'in-memory' }, cacheSize: 10, logLevel: 'silent' };
      expect(resolveConfig(config)).to.deep.equal(config);
      expect(resolveConfig({})).to.deep.equal({});
    });

    it('refuses a value that is not an object, at path config', () => {
      for (const raw of [null, undefined, 42, 'cacheSize: 1', [], [{ cacheSize: 1 }]]) {
        const error = configError(() => resolveConfig(raw));
        expect(error.path, String(raw)).to.equal('config');
        expect(error.expected).to.equal('an object');
      }
    });

    const invalid: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ['namespace with a space', { namespace: 'bad name!' }, 'config.namespace', /expected Namespace, got "bad name!"$/],
      ['namespace starting with a dot', { namespace: '.x' }, 'config.namespace', /got "\.x"$/],
      ['namespace over 64 characters', { namespace: 'n'.repeat(65) }, 'config.namespace', /expected Namespace/],
      ['transport without type', { transport: { brokers: [] } }, 'config.transport.type', /expected string, got undefined$/],
      ['transport with a numeric type', { transport: { type: 9092 } }, 'config.transport.type', /expected string, got 9092$/],
      ['transport as a string', { transport: 'kafka' }, 'config.transport', /got "kafka"$/],
      ['history without type', { history: {} }, 'config.history.type', /expected string, got undefined$/],
      ['unknown logLevel', { logLevel: 'verbose' }, 'config.logLevel', /got "verbose"$/],
      ['negative cacheSize', { cacheSize: -1 }, 'config.cacheSize', /expected NonNegativeInteger, got -1$/],
      ['fractional cacheSize', { cacheSize: 1.5 }, 'config.cacheSize', /got 1\.5$/],
      ['cacheSize as a string', { cacheSize: '10' }, 'config.cacheSize', /got "10"$/],
      ['retainHistory as a string', { retainHistory: 'yes' }, 'config.retainHistory', /expected boolean, got "yes"$/],
      ['zero workflowConcurrency', { workflowConcurrency: 0 }, 'config.workflowConcurrency', /expected PositiveInteger, got 0$/],
      ['fractional maxPayloadBytes', { maxPayloadBytes: 10.5 }, 'config.maxPayloadBytes', /expected PositiveInteger, got 10\.5$/],
      ['zero maxDeliveries', { maxDeliveries: 0 }, 'config.maxDeliveries', /expected PositiveInteger, got 0$/],
    ];
    for (const [what, raw, path, message] of invalid) {
      it(`refuses ${what}, naming ${path}`, () => {
        const error = configError(() => resolveConfig(raw));
        expect(error.path).to.equal(path);
        expect(error.message).to.satisfy((m: string) => m.startsWith(`invalid config at ${path}: expected `));
        expect(error.message).to.match(message);
      });
    }

    it('names the first bad field when several are bad', () => {
      expect(configError(() => resolveConfig({ cacheSize: -1, maxDeliveries: 0 })).path).to.equal('config.cacheSize');
    });
  });
});
