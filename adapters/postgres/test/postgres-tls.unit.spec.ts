import { expect } from 'chai';
import { checkServerIdentity } from 'node:tls';
import { postgresTlsDefaults, resolvePostgresOptions, toPgSsl } from '../src';
import { thrown } from './support/thrown';

const url = 'postgres://app:hunter2@db.example:5433/cadenza';

describe('PostgreSQL TLS options', () => {
  it('defaults to verify-full against the bundled root CAs when ssl is an empty object', () => {
    expect(resolvePostgresOptions({ type: 'postgres', connectionString: url, ssl: {} }).ssl).to.deep.equal({ ...postgresTlsDefaults });
    expect(postgresTlsDefaults).to.deep.equal({ mode: 'verify-full' });
  });

  it('leaves TLS off when ssl is absent', () => {
    expect(resolvePostgresOptions({ type: 'postgres', connectionString: url })).not.to.have.property('ssl');
  });

  it('keeps the mode and the server name it is given', () => {
    expect(resolvePostgresOptions({ type: 'postgres', connectionString: url, ssl: { mode: 'verify-ca', servername: 'db.internal' } }).ssl).to.deep.equal({
      mode: 'verify-ca',
      servername: 'db.internal',
    });
  });

  for (const [ssl, path] of [
    [true, 'history.ssl'],
    ['require', 'history.ssl'],
    [{ mode: 'verify_full' }, 'history.ssl.mode'],
    [{ mode: 'verify-full', sercername: 'db' }, 'history.ssl.sercername'],
    [{ mode: 'verify-full', servername: '' }, 'history.ssl.servername'],
    [{ ca: 42 }, 'history.ssl.ca'],
    [{ ca: '/no/such/ca.pem' }, 'history.ssl.ca'],
    [{ ca: '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n' }, 'history.ssl.ca'],
    [{ cert: '/no/such/client.crt' }, 'history.ssl.key'],
    [{ key: '/no/such/client.key' }, 'history.ssl.cert'],
  ] as const) {
    it(`refuses ssl: ${JSON.stringify(ssl)} naming ${path}`, () => {
      const error = thrown(() => resolvePostgresOptions({ type: 'postgres', connectionString: url, ssl }));
      expect(error).to.include({ code: 'CONFIG', path });
      expect(error.message).to.contain(path).and.not.contain('hunter2');
    });
  }

  it('suggests the option meant by a misspelled ssl field', () => {
    expect(thrown(() => resolvePostgresOptions({ type: 'postgres', connectionString: url, ssl: { sercername: 'db' } })).message).to.contain('did you mean "servername"');
  });

  it('never shows a client key, inline or as a path, in an error', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nTOPSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n';
    for (const key of [pem, '/secret/place/TOPSECRETKEYMATERIAL.key', 'TOPSECRETKEYMATERIAL']) {
      const error = thrown(() => resolvePostgresOptions({ type: 'postgres', connectionString: url, ssl: { cert: pem, key } }));
      expect(error).to.include({ code: 'CONFIG' });
      expect(error.message).not.to.contain('TOPSECRETKEYMATERIAL');
    }
  });

  it('refuses TLS settings in both the URL and the ssl option, naming the connection string', () => {
    const error = thrown(() => resolvePostgresOptions({ type: 'postgres', connectionString: `${url}?sslmode=disable`, ssl: { mode: 'require' } }));
    expect(error).to.include({ code: 'CONFIG', path: 'history.connectionString' });
    expect(error.message).not.to.contain('hunter2');
  });
});

describe('toPgSsl', () => {
  it('require: encrypts and checks nothing', () => {
    expect(toPgSsl({ mode: 'require' })).to.deep.equal({ rejectUnauthorized: false });
  });

  it('verify-ca: checks the chain but not the host name', () => {
    const ssl = toPgSsl({ mode: 'verify-ca', ca: 'PEM' });
    expect(ssl).to.include({ rejectUnauthorized: true, ca: 'PEM' });
    expect(ssl.checkServerIdentity?.('db.example', { subject: { CN: 'elsewhere' }, subjectaltname: 'DNS:elsewhere' } as never)).to.equal(undefined);
  });

  it('verify-full: checks the chain and the host name with Node’s own check', () => {
    const ssl = toPgSsl({ mode: 'verify-full', ca: 'PEM', cert: 'C', key: 'K', servername: 'db.internal' });
    expect(ssl).to.include({ rejectUnauthorized: true, ca: 'PEM', cert: 'C', key: 'K', servername: 'db.internal' });
    expect(ssl.checkServerIdentity ?? checkServerIdentity).to.equal(checkServerIdentity);
  });

  it('keeps the client key out of enumerable properties, so logging the options does not print it', () => {
    const ssl = toPgSsl({ mode: 'verify-full', cert: 'CERT', key: 'SECRETKEY' });
    expect(ssl.key).to.equal('SECRETKEY');
    expect(JSON.stringify(ssl)).not.to.contain('SECRETKEY');
    expect(Object.keys(ssl)).not.to.include('key');
  });

  it('require with a CA checks the chain, as libpq does', () => {
    expect(toPgSsl({ mode: 'require', ca: 'PEM' })).to.include({ rejectUnauthorized: true, ca: 'PEM' });
    expect(toPgSsl({ mode: 'require', ca: 'PEM' }).checkServerIdentity).to.be.a('function');
  });
});
