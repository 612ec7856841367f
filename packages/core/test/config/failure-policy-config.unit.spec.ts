import { expect } from 'chai';
import { parseConfig, resolveConfig } from '../../src/config/cadenza-config';
import { ConfigError } from '../../src/errors/config-error';
import { createWorker } from '../../src/worker/create-worker';
import { thrownBy } from '../support/rejection-of';

const configError = (fn: () => unknown): ConfigError => {
  const error = thrownBy(fn);
  expect(error).to.be.instanceOf(ConfigError);
  return error as ConfigError;
};

describe('config: the failure policy', () => {
  it('reads redelivery and routeDeadLetters from YAML', () => {
    const yaml = ['redelivery: { initialDelayMs: 50, maxDelayMs: 10000, backoffFactor: 3 }', 'routeDeadLetters: false'].join('\n');
    expect(parseConfig(yaml)).to.deep.equal({ redelivery: { initialDelayMs: 50, maxDelayMs: 10_000, backoffFactor: 3 }, routeDeadLetters: false });
  });

  it('refuses a bad or unknown redelivery field, naming it', () => {
    expect(configError(() => resolveConfig({ redelivery: { initialDelayMs: -1 } })).path).to.equal('config.redelivery.initialDelayMs');
    expect(configError(() => resolveConfig({ redelivery: { backoffFactor: 0.5 } })).path).to.equal('config.redelivery.backoffFactor');
    expect(configError(() => resolveConfig({ redelivery: { initialDelay: 10 } })).path).to.equal('config.redelivery.initialDelay');
    expect(configError(() => resolveConfig({ routeDeadLetters: 'yes' })).path).to.equal('config.routeDeadLetters');
  });

  it('refuses, when the worker is created, a cap shorter than the first wait', () => {
    const error = configError(() => createWorker({ redelivery: { initialDelayMs: 1_000, maxDelayMs: 10 } }));
    expect(error.path).to.equal('config.redelivery.maxDelayMs');
  });

  it('reads reconnect and resubscribe from YAML', () => {
    const yaml = ['reconnect: { initialDelayMs: 100, maxDelayMs: 2000, backoffFactor: 1.5, giveUpAfterMs: 60000 }', 'resubscribe: false'].join('\n');
    expect(parseConfig(yaml)).to.deep.equal({ reconnect: { initialDelayMs: 100, maxDelayMs: 2_000, backoffFactor: 1.5, giveUpAfterMs: 60_000 }, resubscribe: false });
  });

  it('refuses a bad or unknown reconnect field, naming it', () => {
    expect(configError(() => resolveConfig({ reconnect: { giveUpAfterMs: -5 } })).path).to.equal('config.reconnect.giveUpAfterMs');
    expect(configError(() => resolveConfig({ reconnect: { backoffFactor: 0 } })).path).to.equal('config.reconnect.backoffFactor');
    expect(configError(() => resolveConfig({ reconnect: { giveUpAfter: 10 } })).path).to.equal('config.reconnect.giveUpAfter');
    expect(configError(() => resolveConfig({ resubscribe: 'no' })).path).to.equal('config.resubscribe');
  });

  it('reads recheckBlocked (a policy, or false) and refuses a bad field of it, naming it', () => {
    expect(parseConfig('recheckBlocked: { initialDelayMs: 100, maxDelayMs: 2000, backoffFactor: 3 }')).to.deep.equal({ recheckBlocked: { initialDelayMs: 100, maxDelayMs: 2_000, backoffFactor: 3 } });
    expect(parseConfig('recheckBlocked: false')).to.deep.equal({ recheckBlocked: false });
    expect(configError(() => resolveConfig({ recheckBlocked: { backoffFactor: 0.5 } })).path).to.equal('config.recheckBlocked.backoffFactor');
    expect(configError(() => resolveConfig({ recheckBlocked: { initialDelay: 10 } })).path).to.equal('config.recheckBlocked.initialDelay');
    expect(configError(() => resolveConfig({ recheckBlocked: true })).path).to.equal('config.recheckBlocked');
    expect(configError(() => createWorker({ recheckBlocked: { initialDelayMs: -1 } as never })).path).to.match(/recheckBlocked/);
  });
});
