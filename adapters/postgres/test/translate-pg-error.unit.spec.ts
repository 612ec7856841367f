import { expect } from 'chai';
import { translatePgError } from '../src';

const target = { address: 'db:5432/app', connectTimeoutMs: 250, queryTimeoutMs: 900, at: 'history' };
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('translatePgError', () => {
  for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET']) {
    it(`makes ${code} a retriable TransportError naming the address`, () => {
      const error = translatePgError(withCode(`connect ${code}`, code), target) as Error & Record<string, unknown>;
      expect(error).to.include({ code: 'TRANSPORT', retriable: true });
      expect(error.message).to.contain('db:5432/app');
    });
  }

  it('makes a connect timeout a TimeoutError with the bound', () => {
    expect(translatePgError(new Error('timeout exceeded when trying to connect'), target)).to.include({ code: 'TIMEOUT', timeoutMs: 250 });
  });

  it('makes a cancelled statement (statement_timeout) and a client read timeout TimeoutErrors with the statement bound', () => {
    expect(translatePgError(withCode('canceling statement due to statement timeout', '57014'), target)).to.include({ code: 'TIMEOUT', timeoutMs: 900 });
    expect(translatePgError(new Error('Query read timeout'), target)).to.include({ code: 'TIMEOUT', timeoutMs: 900 });
  });

  it('makes connection-class SQLSTATEs and server shutdown retriable TransportErrors', () => {
    expect(translatePgError(withCode('terminating connection due to administrator command', '57P01'), target)).to.include({ code: 'TRANSPORT', retriable: true });
    expect(translatePgError(withCode('connection failure', '08006'), target)).to.include({ code: 'TRANSPORT' });
  });

  it('makes bad credentials and a missing database ConfigErrors on the connection string', () => {
    expect(translatePgError(withCode('password authentication failed', '28P01'), target)).to.include({ code: 'CONFIG', path: 'history.connectionString' });
    expect(translatePgError(withCode('database "x" does not exist', '3D000'), target)).to.include({ code: 'CONFIG', path: 'history.connectionString' });
  });

  it('leaves SQL errors and our own bugs alone', () => {
    const unique = withCode('duplicate key', '23505');
    const bug = new TypeError('x is undefined');
    expect(translatePgError(unique, target)).to.equal(unique);
    expect(translatePgError(bug, target)).to.equal(bug);
    expect(translatePgError('not an error', target)).to.equal('not an error');
  });
});

describe('translatePgError over TLS', () => {
  for (const code of ['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA']) {
    it(`makes ${code} a ConfigError naming history.ssl and the address`, () => {
      const error = translatePgError(withCode(`tls says ${code}`, code), target) as Error & Record<string, unknown>;
      expect(error).to.include({ code: 'CONFIG', path: 'history.ssl', retriable: false });
      expect(error.message).to.contain('db:5432/app').and.contain(code);
    });
  }

  it('names the client certificate and only the reason when the server sends an unknown-CA alert', () => {
    const alert = withCode('80ACA1F6A17F0000:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 48\n', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
    const error = translatePgError(alert, target) as Error;
    expect(error.message).to.contain('client certificate (ssl.cert)').and.contain('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: tlsv1 alert unknown ca)');
    expect(error.message).not.to.contain('rec_layer');
  });

  it('makes a server without TLS a ConfigError naming history.ssl', () => {
    expect(translatePgError(new Error('The server does not support SSL connections'), target)).to.include({ code: 'CONFIG', path: 'history.ssl' });
  });

  it('makes a refusal for want of TLS or of a client certificate a ConfigError naming history.ssl', () => {
    const noTls = withCode('pg_hba.conf rejects connection for host "127.0.0.1", user "tls_only", database "test", no encryption', '28000');
    const noCert = withCode('connection requires a valid client certificate', '28000');
    expect(translatePgError(noTls, target)).to.include({ code: 'CONFIG', path: 'history.ssl' });
    expect(translatePgError(noCert, target)).to.include({ code: 'CONFIG', path: 'history.ssl' });
  });

  it('keeps a reset during the handshake a retriable TransportError', () => {
    expect(translatePgError(withCode('read ECONNRESET', 'ECONNRESET'), target)).to.include({ code: 'TRANSPORT', retriable: true });
  });
});
