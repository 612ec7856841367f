import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { parseServiceUrl, PulsarTlsError } from '../../src/client';
import { Connection, type ConnectionOptions } from '../../src/client/connection';
import { loadTls, type PulsarTlsOptions } from '../../src/client/tls-options';
import { FakeBroker, handshake } from '../support/fake-broker';
import { TlsFront } from '../support/tls-front';

const base: ConnectionOptions = { connectTimeoutMs: 2_000, operationTimeoutMs: 2_000, keepAliveIntervalMs: 10_000, clientVersion: 'test' };
const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error);

// The client side of TLS against a TLS terminator in front of a scripted broker: what the real TLS standalone
// (tls.int.spec.ts) does not ask for, client certificates and the SNI name.
describe('Connection over TLS to a scripted broker', function () {
  this.timeout(20_000);
  let certs: string;
  const pem = (name: string) => readFileSync(join(certs, name), 'utf8');
  const running: { stop(): Promise<void> }[] = [];
  const front = async (server: { requestCert?: boolean }) => {
    const broker = new FakeBroker(handshake());
    running.push(broker);
    const backend = parseServiceUrl(await broker.start());
    const tls = new TlsFront(backend, {
      cert: pem('server.crt'), key: pem('server.key'), ca: pem('ca.crt'), requestCert: server.requestCert ?? false, rejectUnauthorized: true,
    });
    running.push(tls);
    await tls.start();
    return { tls, broker };
  };
  const open = (url: string, tls: PulsarTlsOptions) => Connection.open(parseServiceUrl(url), { ...base, tls: loadTls(tls) });

  before(function () {
    this.timeout(60_000);
    certs = mkdtempSync(join(tmpdir(), 'cadenza-pulsar-tls-'));
    execFileSync('bash', [resolve(__dirname, '../../../../../infra/certs/make-test-certs.sh'), certs], { stdio: 'ignore' });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((x) => x.stop()));
  });
  after(() => rmSync(certs, { recursive: true, force: true }));

  it('presents tls.cert and tls.key to a broker that demands a client certificate', async () => {
    const { tls, broker } = await front({ requestCert: true });
    const conn = await open(tls.url, { ca: join(certs, 'ca.crt'), cert: join(certs, 'client.crt'), key: join(certs, 'client.key') });
    conn.close();
    expect(tls.peers).to.deep.equal([{ servername: false, clientCn: 'cadenza' }]);
    expect(broker.received.map((f) => f.command.connect?.clientVersion)).to.deep.equal(['test']);
  });

  it('is refused, as a PulsarTlsError and not retriable, when it has no client certificate to show', async () => {
    const { tls } = await front({ requestCert: true });
    const error = await errorOf(open(tls.url, { ca: join(certs, 'ca.crt') }));
    expect(error).to.be.instanceOf(PulsarTlsError);
    expect((error as PulsarTlsError).retriable).to.equal(false);
    expect((error as PulsarTlsError).tlsCode).to.match(/^ERR_SSL_/);
  });

  it('sends the broker\'s host name as SNI and checks the certificate against it', async () => {
    const { tls } = await front({});
    const conn = await open(tls.url.replace('127.0.0.1', 'localhost'), { ca: join(certs, 'ca.crt') });
    conn.close();
    expect(tls.peers.map((p) => p.servername)).to.deep.equal(['localhost']);
  });
});
