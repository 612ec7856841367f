import { generateKeyPairSync } from 'node:crypto';
import { hasErrorCode } from '@cadenza/core';
import { expect } from 'chai';
import { loadTls, PulsarTlsError, servernameFor, tlsFailureOf } from '../../src/client/tls-options';

const configErrorOf = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    expect(hasErrorCode(error, 'CONFIG'), String(error)).to.equal(true);
    return error as Error;
  }
  throw new Error('expected a ConfigError');
};

const KEY_BODY = 'c2VjcmV0LWtleS1ieXRlcy10aGF0LW11c3Qtbm90LWxlYWs=';
const JUNK_KEY = `-----BEGIN PRIVATE KEY-----\n${KEY_BODY}\n-----END PRIVATE KEY-----\n`;
const REAL_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const errno = (code: string, message = code): NodeJS.ErrnoException => Object.assign(new Error(message), { code });

describe('loadTls', () => {
  it('verifies the broker by default, against Node\'s root CAs', () => {
    const tls = loadTls();
    expect(tls.rejectUnauthorized).to.equal(true);
    expect(tls.servername).to.equal(undefined);
    expect(loadTls({ rejectUnauthorized: false, servername: 'pulsar.internal' })).to.include({ rejectUnauthorized: false, servername: 'pulsar.internal' });
  });

  it('names a CA file that cannot be read, and a CA file with no certificate in it', () => {
    expect(configErrorOf(() => loadTls({ ca: '/nonexistent/ca.crt' }, 'transport.tls')).message)
      .to.equal('invalid config at transport.tls.ca: expected PEM text or the path of a readable PEM file, got "/nonexistent/ca.crt" (ENOENT)');
    expect(configErrorOf(() => loadTls({ ca: REAL_KEY }, 'transport.tls')).message)
      .to.match(/^invalid config at transport\.tls\.ca: expected PEM CA certificates, got "\(PEM text\)" \(no CERTIFICATE block in it\)$/);
  });

  it('refuses a key that does not parse without showing any of it', () => {
    const message = configErrorOf(() => loadTls({ cert: '/unused.crt', key: JUNK_KEY }, 'transport.tls')).message;
    expect(message).to.match(/^invalid config at transport\.tls\.key: expected an unencrypted PEM private key, got "\*\*\*" \(error:/);
    expect(message).not.to.contain(KEY_BODY);
  });

  it('does not show a key value taken for a path either: it may be a key pasted without its PEM header', () => {
    const message = configErrorOf(() => loadTls({ cert: '/unused.crt', key: KEY_BODY }, 'tls')).message;
    expect(message).to.equal('invalid config at tls.key: expected PEM text or the path of a readable PEM file, got "***" (ENOENT)');
  });

  it('names a certificate that does not parse once the key is good', () => {
    const message = configErrorOf(() => loadTls({ cert: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', key: REAL_KEY }, 'tls')).message;
    expect(message).to.match(/^invalid config at tls\.cert: expected a PEM certificate, got "\(PEM text\)" \(error:/);
    expect(message).not.to.contain('PRIVATE KEY');
  });

  it('wants cert and key together', () => {
    expect(configErrorOf(() => loadTls({ key: REAL_KEY }, 'tls')).message).to.match(/^invalid config at tls\.cert: expected a certificate \(cert and key go together\)/);
    expect(configErrorOf(() => loadTls({ cert: '/c.crt' }, 'tls')).message).to.match(/^invalid config at tls\.key: expected a private key/);
  });
});

describe('servernameFor', () => {
  it('sends the host name, never an IP address, unless one is configured', () => {
    expect(servernameFor(undefined, 'broker.local')).to.equal('broker.local');
    expect(servernameFor(undefined, '127.0.0.1')).to.equal(undefined);
    expect(servernameFor(loadTls({ servername: 'pulsar' }), '127.0.0.1')).to.equal('pulsar');
  });
});

describe('tlsFailureOf', () => {
  it('makes a certificate that does not verify a final, typed error', () => {
    const error = tlsFailureOf(errno('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), 'pulsar+ssl://b:6651');
    expect(error).to.be.instanceOf(PulsarTlsError);
    expect(error?.retriable).to.equal(false);
    expect(error?.tlsCode).to.equal('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(error?.message).to.equal('TLS: the certificate of the Pulsar broker at pulsar+ssl://b:6651 is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate); check tls.ca and tls.servername');
    expect(tlsFailureOf(errno('ERR_TLS_CERT_ALTNAME_INVALID'), 'u')?.retriable).to.equal(false);
    expect(tlsFailureOf(errno('ERR_SSL_WRONG_VERSION_NUMBER'), 'u')?.message).to.match(/is that a TLS port/);
  });

  it('leaves network errors to the retriable path', () => {
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ERR_TLS_HANDSHAKE_TIMEOUT']) expect(tlsFailureOf(errno(code), 'u'), code).to.equal(undefined);
    expect(tlsFailureOf(new Error('no code'), 'u')).to.equal(undefined);
  });
});
