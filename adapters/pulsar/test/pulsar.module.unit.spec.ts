import { hasErrorCode, TOKENS, type Transport } from '@cadenza/core';
import { expect } from 'chai';
import { Container } from 'inversify';
import { pulsarCapabilities, pulsarModule, pulsarTransportAdapter } from '../src';

describe('pulsarModule', () => {
  it('checks the config when the module is built, naming the field', () => {
    expect(() => pulsarModule({ type: 'pulsar', serviceUrl: 'nope' }, 'transport')).to.throw(/transport\.serviceUrl/);
    try {
      pulsarModule({ type: 'pulsar' });
    } catch (error) {
      expect(hasErrorCode(error, 'CONFIG')).to.equal(true);
    }
  });

  it('binds TOKENS.Transport to one Pulsar transport, made on first resolve (no connection yet)', async () => {
    const container = new Container();
    await container.load(pulsarModule({ type: 'pulsar', serviceUrl: 'pulsar://127.0.0.1:1' }));
    const a = container.get<Transport>(TOKENS.Transport);
    expect(container.get<Transport>(TOKENS.Transport)).to.equal(a);
    expect(a.capabilities).to.deep.equal(pulsarCapabilities());
    await a.close();
  });

  it('registers as transport type "pulsar"', () => {
    expect([pulsarTransportAdapter.kind, pulsarTransportAdapter.type]).to.deep.equal(['transport', 'pulsar']);
  });
});
