import { hasErrorCode } from '@cadenza/core';
import { expect } from 'chai';
import { pulsarDefaults, pulsarRetentionDefaults, resolvePulsarOptions, tlsDefaults } from '../src';

const configErrorOf = (raw: unknown): Error => {
  try {
    resolvePulsarOptions(raw);
  } catch (error) {
    expect(hasErrorCode(error, 'CONFIG'), String(error)).to.equal(true);
    return error as Error;
  }
  throw new Error('expected a ConfigError');
};

describe('resolvePulsarOptions', () => {
  it('fills every default', () => {
    const o = resolvePulsarOptions({ type: 'pulsar', serviceUrl: 'pulsar://127.0.0.1:6650' });
    expect(o).to.deep.equal({
      ...pulsarDefaults, type: 'pulsar', serviceUrl: 'pulsar://127.0.0.1:6650', adminUrl: 'http://127.0.0.1:8080', retention: pulsarRetentionDefaults,
    });
  });

  it("derives adminUrl from the service URL's host, https on 8443 for pulsar+ssl://, and keeps one given", () => {
    expect(resolvePulsarOptions({ type: 'pulsar', serviceUrl: 'pulsar://broker.internal:6650' }).adminUrl).to.equal('http://broker.internal:8080');
    expect(resolvePulsarOptions({ type: 'pulsar', serviceUrl: 'pulsar+ssl://broker.internal' }).adminUrl).to.equal('https://broker.internal:8443');
    expect(resolvePulsarOptions({ type: 'pulsar', serviceUrl: 'pulsar://b', adminUrl: 'http://admin:9090' }).adminUrl).to.equal('http://admin:9090');
  });

  it('refuses an adminUrl that is not http(s)://host[:port], without showing credentials', () => {
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://b', adminUrl: 'pulsar://b:8080' }).message).to.match(/transport\.adminUrl: expected http/);
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://b', adminUrl: 'not a url' }).message).to.match(/transport\.adminUrl/);
    const withSecret = configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://b', adminUrl: 'http://admin:s3cret@b:8080' }).message;
    expect(withSecret).to.match(/transport\.adminUrl/).and.not.to.contain('s3cret');
  });

  it('refuses a token sent over plain http when the broker is reached over TLS', () => {
    const raw = { type: 'pulsar', serviceUrl: 'pulsar+ssl://b', token: 'secret-token', adminUrl: 'http://b:8080' };
    expect(configErrorOf(raw).message).to.match(/transport\.adminUrl/).and.not.to.contain('secret-token');
  });

  it('fills the events retention and refuses values Pulsar does not take', () => {
    expect(resolvePulsarOptions({ type: 'pulsar', serviceUrl: 'pulsar://b', retention: { sizeMb: -1 } }).retention)
      .to.deep.equal({ ...pulsarRetentionDefaults, sizeMb: -1 });
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://b', retention: { sizeMb: -2 } }).message).to.match(/transport\.retention\.sizeMb/);
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://b', retention: { timeMinutes: 1.5 } }).message).to.match(/transport\.retention\.timeMinutes/);
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://b', retention: { scope: 'cluster' } }).message).to.match(/transport\.retention\.scope/);
  });

  it('keeps what is given', () => {
    const o = resolvePulsarOptions({ type: 'pulsar', serviceUrl: 'pulsar://b:1', tenant: 't', namespace: 'n', operationTimeoutMs: 5 });
    expect([o.tenant, o.namespace, o.operationTimeoutMs]).to.deep.equal(['t', 'n', 5]);
  });

  it('names the missing or mistyped field', () => {
    expect(configErrorOf({ type: 'pulsar' }).message).to.match(/^invalid config at transport\.serviceUrl: expected string, got undefined/);
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'x', operationTimeoutMs: 'soon' }).message).to.match(/transport\.(serviceUrl|operationTimeoutMs)/);
    expect(configErrorOf({ type: 'kafka', serviceUrl: 'pulsar://h' }).message).to.match(/transport\.type/);
  });

  it('refuses a service URL that is not pulsar://host[:port] or pulsar+ssl://host[:port]', () => {
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'http://localhost:8080' }).message).to.match(/transport\.serviceUrl: expected pulsar:\/\/host/);
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar+tls://h:6651' }).message).to.match(/transport\.serviceUrl/);
  });

  it('takes pulsar+ssl:// with or without tls options, filling rejectUnauthorized: true', () => {
    expect(resolvePulsarOptions({ type: 'pulsar', serviceUrl: 'pulsar+ssl://h:6651' }).tls).to.equal(undefined);
    const o = resolvePulsarOptions({ type: 'pulsar', serviceUrl: 'pulsar+ssl://h', tls: { servername: 'pulsar.internal' } });
    expect(o.tls).to.deep.equal({ ...tlsDefaults, servername: 'pulsar.internal' });
    expect(tlsDefaults.rejectUnauthorized).to.equal(true);
  });

  it('refuses tls options with a plaintext pulsar:// URL, which would send the token in clear', () => {
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://h', tls: { ca: '/x' } }).message)
      .to.match(/^invalid config at transport\.serviceUrl: expected pulsar\+ssl:\/\/host\[:port\] when tls is set/);
  });

  it('checks the tls files at start-up, naming the field, and hides a mistyped key', () => {
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar+ssl://h', tls: { ca: '/nonexistent/ca.crt' } }).message).to.match(/^invalid config at transport\.tls\.ca: .*\(ENOENT\)$/);
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar+ssl://h', tls: { rejectUnauthorized: 'no' } }).message).to.match(/transport\.tls\.rejectUnauthorized/);
    const mistyped = configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar+ssl://h', tls: { key: 7, cert: '-----BEGIN CERTIFICATE-----' } }).message;
    expect(mistyped).to.match(/transport\.tls\.key: expected string, got "\*\*\*"/);
    expect(mistyped).not.to.contain('BEGIN CERTIFICATE');
  });

  it('refuses a misspelled token option instead of connecting without authentication, and hides its value', () => {
    const message = configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://h', tokn: 'eyJ-secret-jwt' }).message;
    expect(message).to.match(/^invalid config at transport\.tokn: .*did you mean "token"\?/);
    expect(message).not.to.contain('eyJ-secret-jwt');
  });

  it('takes a token for token authentication', () => {
    expect(resolvePulsarOptions({ type: 'pulsar', serviceUrl: 'pulsar://h', token: 'jwt' }).token).to.equal('jwt');
    // A mistyped token is still a secret: the error names the field, never its value.
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://h', token: 42 }).message).to.match(/transport\.token: expected string, got "\*\*\*"$/);
  });

  it('refuses non-positive bounds and bad names', () => {
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://h', operationTimeoutMs: 0 }).message).to.match(/transport\.operationTimeoutMs: expected an integer ≥ 1, got 0/);
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://h', receiverQueueSize: 1.5 }).message).to.match(/transport\.receiverQueueSize/);
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://h', namespace: 'a/b' }).message).to.match(/transport\.namespace/);
  });

  it('refuses a serviceUrl port outside 1 to 65535', () => {
    for (const serviceUrl of ['pulsar://h:0', 'pulsar://h:65536', 'pulsar+ssl://h:99999']) {
      expect(configErrorOf({ type: 'pulsar', serviceUrl }).message, serviceUrl).to.match(/^invalid config at transport\.serviceUrl: expected .*with a port of 1 to 65535/);
    }
    expect(resolvePulsarOptions({ type: 'pulsar', serviceUrl: 'pulsar://h:65535' }).serviceUrl).to.equal('pulsar://h:65535');
  });

  it('refuses timeouts over a day and counts over ten million, naming the bound', () => {
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://h', connectTimeoutMs: 86_400_001 }).message)
      .to.match(/^invalid config at transport\.connectTimeoutMs: expected at most 86400000, got 86400001/);
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://h', receiverQueueSize: 10_000_001 }).message)
      .to.match(/^invalid config at transport\.receiverQueueSize: expected at most 10000000/);
  });

  it('takes a maxMessageBytes, by default Pulsar\'s 5 MiB less 16 KiB, and refuses one that is not a positive int32 less the headroom', () => {
    expect(pulsarDefaults.maxMessageBytes).to.equal(5 * 1024 * 1024 - 16 * 1024);
    expect(resolvePulsarOptions({ type: 'pulsar', serviceUrl: 'pulsar://h', maxMessageBytes: 10_000_000 }).maxMessageBytes).to.equal(10_000_000);
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://h', maxMessageBytes: 0 }).message).to.match(/^invalid config at transport\.maxMessageBytes: expected an integer ≥ 1/);
    expect(configErrorOf({ type: 'pulsar', serviceUrl: 'pulsar://h', maxMessageBytes: 2 ** 31 }).message)
      .to.match(/^invalid config at transport\.maxMessageBytes: expected at most 2147467263/);
  });
});
