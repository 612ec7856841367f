import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { ContainerModule } from 'inversify';
import type { AdapterDescriptor } from '../../src/config/adapter-descriptor';
import { registerAdapter, resolveAdapter } from '../../src/config/adapter-registry';
import { ConfigError } from '../../src/errors/config-error';
import { createContainer } from '../../src/di/create-container';
import { thrownBy } from '../support/rejection-of';

/** A type name no package is installed under (the registry is process-wide, so each test takes its own). */
const freshType = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const descriptor = (kind: AdapterDescriptor['kind'], type: string): AdapterDescriptor => ({ kind, type, module: () => new ContainerModule(() => undefined) });

describe('config/adapter-registry', () => {
  it('resolves an adapter after registerAdapter', () => {
    const type = freshType('unit-transport');
    const adapter = descriptor('transport', type);
    registerAdapter(adapter);
    expect(resolveAdapter('transport', type)).to.equal(adapter);
  });

  it('keeps transports and history stores apart', () => {
    const type = freshType('unit-both');
    const transport = descriptor('transport', type);
    const history = descriptor('history', type);
    registerAdapter(transport);
    registerAdapter(history);
    expect(resolveAdapter('transport', type)).to.equal(transport);
    expect(resolveAdapter('history', type)).to.equal(history);
  });

  it('refuses an unknown type with a ConfigError at <kind>.type that says what to install', () => {
    const type = freshType('no-such-adapter');
    const error = thrownBy(() => resolveAdapter('history', type)) as ConfigError;
    expect(error).to.be.instanceOf(ConfigError);
    expect(error.path).to.equal('history.type');
    expect(error.actual).to.equal(type);
    expect(error.hint).to.equal(`is @cadenza/${type} installed? npm install @cadenza/${type}`);
    expect(error.message).to.contain(`got "${type}"`);
    expect(error.message).to.contain(`npm install @cadenza/${type}`);
  });

  it('refuses a type that is not a package name without trying to load it', () => {
    const error = thrownBy(() => resolveAdapter('transport', 'Not A Package')) as ConfigError;
    expect(error).to.be.instanceOf(ConfigError);
    expect(error.path).to.equal('transport.type');
    expect(error.hint).to.contain('npm install');
  });

  it('lists the registered adapters of the same kind in the error', () => {
    const known = freshType('unit-known');
    registerAdapter(descriptor('transport', known));
    const error = thrownBy(() => resolveAdapter('transport', freshType('unit-missing'))) as ConfigError;
    expect(error.expected).to.match(/^an installed transport adapter \(registered: .+\)$/);
    expect(error.expected).to.contain(known);
    const other = thrownBy(() => resolveAdapter('history', freshType('unit-missing'))) as ConfigError;
    expect(other.expected).not.to.contain(known);
  });

  it('tells the adapter module the config\'s namespace, cadenza by default', () => {
    const type = freshType('unit-context');
    const seen: unknown[] = [];
    registerAdapter({ kind: 'transport', type, module: (_raw, _at, context) => { seen.push(context); return new ContainerModule(() => undefined); } });
    createContainer({ namespace: 'prod-eu', transport: { type } }, { transport: true, history: false });
    createContainer({ transport: { type } }, { transport: true, history: false });
    expect(seen).to.deep.equal([{ namespace: 'prod-eu' }, { namespace: 'cadenza' }]);
  });
});
