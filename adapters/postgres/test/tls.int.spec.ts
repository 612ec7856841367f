import { hasErrorCode, type NewEvent, TOKENS } from '@cadenza/core';
import { describeHistoryStoreConformance } from '@cadenza/conformance';
import { expect } from 'chai';
import { Container } from 'inversify';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createPostgresHistoryStore, type PostgresHistoryConfig, type PostgresHistoryStore, postgresModule, resolvePostgresOptions } from '../src';
import { type PrivatePostgres, startPrivatePostgres } from './support/private-postgres';

const failure = async (promise: Promise<unknown>): Promise<Error & Record<string, unknown>> => {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, but it resolved');
};

const event = (): NewEvent => ({ id: randomUUID(), type: 'Probe', data: { n: 1 }, metadata: null });

describe('PostgreSQL history store over TLS, against a private cluster', function () {
  // initdb and start take a few seconds on a busy machine; each connection attempt is bounded by connectTimeoutMs.
  this.timeout(60_000);
  let pg: PrivatePostgres;
  const opened: PostgresHistoryStore[] = [];
  const open = (config: Omit<PostgresHistoryConfig, 'type'>): PostgresHistoryStore => {
    const store = createPostgresHistoryStore({ type: 'postgres', connectTimeoutMs: 5_000, ...config });
    opened.push(store);
    return store;
  };
  const cert = (name: string): string => join(pg.certs, name);

  before(async () => {
    pg = await startPrivatePostgres();
  });
  after(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await pg?.destroy();
  });

  describe('roles and certificates', () => {
    it('refuses the tls_only role without TLS, as a ConfigError naming history.ssl and no password', async () => {
      const error = await failure(open({ connectionString: pg.url('tls_only', pg.tlsPassword) }).ready());
      expect(error).to.include({ code: 'CONFIG', path: 'history.ssl' });
      expect(error.message).not.to.contain(pg.tlsPassword);
    });

    it('accepts the tls_only role over verify-full TLS and stores its events', async () => {
      const store = open({ connectionString: pg.url('tls_only', pg.tlsPassword), schema: 'tls_only_probe', ssl: { mode: 'verify-full', ca: cert('ca.crt') } });
      const stream = `probe-${randomUUID()}`;
      expect(await store.append(stream, [event()], 'no-stream')).to.equal(0);
      expect((await store.read(stream)).revision).to.equal(0);
    });

    it('fails a server certificate from another CA as a ConfigError naming history.ssl, with no secret in it', async () => {
      const store = open({
        connectionString: pg.url('tls_only', pg.tlsPassword),
        ssl: { mode: 'verify-full', ca: cert('untrusted-ca.crt'), cert: cert('client.crt'), key: cert('client.key') },
      });
      const error = await failure(store.ready());
      expect(error).to.include({ code: 'CONFIG', path: 'history.ssl', retriable: false });
      expect(error.message).to.contain(`127.0.0.1:${pg.port}/test`).and.not.contain(pg.tlsPassword).and.not.contain('BEGIN');
    });

    it('checks the host name in verify-full and not in verify-ca', async () => {
      const base = { connectionString: pg.url('postgres'), ca: cert('ca.crt'), servername: 'db.example' };
      const full = await failure(open({ connectionString: base.connectionString, ssl: { mode: 'verify-full', ca: base.ca, servername: base.servername } }).ready());
      expect(full).to.include({ code: 'CONFIG', path: 'history.ssl' });
      expect(full.message).to.contain('ERR_TLS_CERT_ALTNAME_INVALID');
      await open({ connectionString: base.connectionString, ssl: { mode: 'verify-ca', ca: base.ca, servername: base.servername } }).ready();
    });

    it('refuses the certificate-only role without a client certificate, and accepts it with one', async () => {
      const error = await failure(open({ connectionString: pg.url('cadenza'), ssl: { ca: cert('ca.crt') } }).ready());
      expect(error).to.include({ code: 'CONFIG', path: 'history.ssl' });
      expect(error.message).to.contain('client certificate');
      const withCert = { connectionString: pg.url('cadenza'), schema: 'cadenza_probe', ssl: { ca: cert('ca.crt'), cert: cert('client.crt'), key: cert('client.key') } };
      await open(withCert).ready();
      expect(JSON.stringify(resolvePostgresOptions({ type: 'postgres', ...withCert }))).to.contain('BEGIN CERTIFICATE').and.not.contain('PRIVATE KEY');
    });

    it('fails a client certificate from a CA the server does not trust as a ConfigError naming history.ssl and the reason', async () => {
      const store = open({ connectionString: pg.url('cadenza'), ssl: { ca: cert('ca.crt'), cert: cert('untrusted-client.crt'), key: cert('untrusted-client.key') } });
      const error = await failure(store.ready());
      expect(error).to.include({ code: 'CONFIG', path: 'history.ssl', retriable: false });
      expect(error.message).to.contain('client certificate').and.contain('unknown ca').and.not.contain('openssl/');
    });

    it('connects with a client certificate when built from config by postgresModule', async () => {
      const container = new Container();
      await container.load(postgresModule({ type: 'postgres', connectionString: pg.url('cadenza'), schema: 'module_probe', ssl: { ca: cert('ca.crt'), cert: cert('client.crt'), key: cert('client.key') } }));
      const store = container.get<PostgresHistoryStore>(TOKENS.HistoryStore);
      opened.push(store);
      await store.ready();
    });

    it('refuses a misspelled ssl option before connecting, naming it and the option meant', () => {
      const config = { type: 'postgres', connectionString: pg.url('postgres'), ssl: { mode: 'verify-full', ca: cert('ca.crt'), sercername: 'localhost' } };
      expect(() => createPostgresHistoryStore(config as unknown as PostgresHistoryConfig))
        .to.throw(/history\.ssl\.sercername.*did you mean "servername"/)
        .with.property('code', 'CONFIG');
    });
  });

  // As the cadenza role: only over TLS, only with the client certificate, and with the host name checked.
  const schema = `cadenza_tls_${process.pid}_${randomUUID().slice(0, 8)}`;
  describeHistoryStoreConformance({
    name: 'postgres over verify-full TLS with a client certificate',
    create: async () => open({ connectionString: pg.url('cadenza'), schema, poolSize: 4, ssl: { mode: 'verify-full', ca: cert('ca.crt'), cert: cert('client.crt'), key: cert('client.key') } }),
    teardown: async () => undefined, // the cluster and its data go in the outer after
  });

  describe('a restart without TLS', () => {
    it('keeps the data, and a store that requires TLS fails with a ConfigError naming history.ssl', async () => {
      const tls = { mode: 'verify-full', ca: cert('ca.crt') } as const;
      const stream = `kept-${randomUUID()}`;
      await open({ connectionString: pg.url('postgres'), schema: 'restart_probe', ssl: tls }).append(stream, [event()], 'no-stream');
      await pg.restart({ tls: false });
      const error = await failure(open({ connectionString: pg.url('postgres'), schema: 'restart_probe', ssl: tls }).ready());
      expect(error).to.include({ code: 'CONFIG', path: 'history.ssl' });
      const plain = open({ connectionString: pg.url('postgres'), schema: 'restart_probe' });
      expect((await plain.read(stream)).revision).to.equal(0);
      expect(hasErrorCode(await failure(open({ connectionString: pg.url('tls_only', pg.tlsPassword), ssl: tls }).ready()), 'CONFIG')).to.equal(true);
    });
  });
});
