import { hasErrorCode } from '@cadenza/core';
import { expect } from 'chai';
import { parseServiceUrl } from '../../src/client/service-url';

describe('parseServiceUrl', () => {
  it('reads pulsar://host[:port], port 6650 when absent', () => {
    expect(parseServiceUrl('pulsar://b')).to.deep.equal({ host: 'b', port: 6650, tls: false, url: 'pulsar://b:6650' });
    expect(parseServiceUrl('pulsar://127.0.0.1:7000/')).to.deep.equal({ host: '127.0.0.1', port: 7000, tls: false, url: 'pulsar://127.0.0.1:7000' });
  });

  it('reads pulsar+ssl://host[:port] as a TLS address, port 6651 when absent', () => {
    expect(parseServiceUrl('pulsar+ssl://b')).to.deep.equal({ host: 'b', port: 6651, tls: true, url: 'pulsar+ssl://b:6651' });
    expect(parseServiceUrl(' pulsar+ssl://localhost:16651 ')).to.deep.equal({ host: 'localhost', port: 16651, tls: true, url: 'pulsar+ssl://localhost:16651' });
  });

  it('refuses other schemes and several hosts, naming the field', () => {
    for (const url of ['http://b:8080', 'pulsar+tls://b', 'pulsar+ssl://a:1,b:2', 'pulsar+ssl://']) {
      let thrown: unknown;
      try {
        parseServiceUrl(url, 'transport.serviceUrl');
      } catch (error) {
        thrown = error;
      }
      expect(hasErrorCode(thrown, 'CONFIG'), url).to.equal(true);
      expect((thrown as Error).message).to.match(/^invalid config at transport\.serviceUrl: expected pulsar:\/\/host\[:port\] or pulsar\+ssl:\/\/host\[:port\]/);
    }
  });
});
