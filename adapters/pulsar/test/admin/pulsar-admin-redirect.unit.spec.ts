import { expect } from 'chai';
import { createPulsarAdmin, MAX_ADMIN_REDIRECTS, PulsarAdminError } from '../../src/admin/pulsar-admin';
import { fakeAdmin } from '../support/fake-admin';

const TOPIC = 'persistent://public/default/orders';
const POLICY = { sizeMb: 10, timeMinutes: 60 };

describe('pulsar admin: redirects to the owning broker', () => {
  const servers: Array<{ close: () => Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const serve = async (...args: Parameters<typeof fakeAdmin>) => {
    const server = await fakeAdmin(...args);
    servers.push(server);
    return server;
  };

  it('follows a 307 with the same method and body, and keeps the token for the configured host only', async () => {
    const owner = await serve(() => ({ status: 204 }));
    const first = await serve((r) => ({ status: 307, headers: { location: `${owner.url}${r.url}` } }));
    const admin = createPulsarAdmin({ adminUrl: first.url, token: 'secret-token', timeoutMs: 2_000 });

    await admin.setTopicRetention(TOPIC, POLICY);

    expect(first.requests).to.have.length(1);
    expect(first.requests[0]!.authorization).to.equal('Bearer secret-token');
    expect(owner.requests).to.have.length(1);
    const followed = owner.requests[0]!;
    expect(followed.method).to.equal('POST');
    expect(followed.url).to.equal('/admin/v2/persistent/public/default/orders/retention');
    expect(JSON.parse(followed.body)).to.deep.equal({ retentionTimeInMinutes: 60, retentionSizeInMB: 10 });
    expect(followed.authorization).to.equal(undefined);
  });

  it('keeps the token on a redirect to the same host and port, and resolves a relative Location', async () => {
    let hops = 0;
    const one = await serve((r) => (hops++ === 0 ? { status: 307, headers: { location: `/elsewhere${r.url}` } } : { status: 204 }));
    const admin = createPulsarAdmin({ adminUrl: one.url, token: 'secret-token', timeoutMs: 2_000 });

    await admin.resetCursor(TOPIC, 'audit', 1_000);

    expect(one.requests.map((r) => [r.method, r.url, r.authorization])).to.deep.equal([
      ['POST', '/admin/v2/persistent/public/default/orders/subscription/audit/resetcursor/1000', 'Bearer secret-token'],
      ['POST', '/elsewhere/admin/v2/persistent/public/default/orders/subscription/audit/resetcursor/1000', 'Bearer secret-token'],
    ]);
  });

  it(`fails with a non-retriable PulsarAdminError after ${MAX_ADMIN_REDIRECTS} redirects`, async () => {
    const loop = await serve((r) => ({ status: 307, headers: { location: r.url } }));
    const admin = createPulsarAdmin({ adminUrl: loop.url, token: 'secret-token', timeoutMs: 2_000 });

    const error = await admin.setTopicRetention(TOPIC, POLICY).then(() => undefined, (e: unknown) => e);

    expect(error).to.be.instanceOf(PulsarAdminError);
    expect((error as PulsarAdminError).retriable).to.equal(false);
    expect((error as Error).message).to.contain('redirects').and.not.contain('secret-token');
    expect(loop.requests).to.have.length(MAX_ADMIN_REDIRECTS + 1);
  });

  it('refuses a redirect to another scheme without sending anything there', async () => {
    const first = await serve(() => ({ status: 307, headers: { location: 'https://127.0.0.1:1/admin/v2/x' } }));
    const admin = createPulsarAdmin({ adminUrl: first.url, timeoutMs: 2_000 });

    const error = await admin.createSubscription(TOPIC, 'audit').then(() => undefined, (e: unknown) => e);

    expect(error).to.be.instanceOf(PulsarAdminError);
    expect((error as Error).message).to.contain('http: to https: refused');
  });

  it('fails with a PulsarAdminError on a redirect without a Location', async () => {
    const first = await serve(() => ({ status: 307 }));
    const admin = createPulsarAdmin({ adminUrl: first.url, timeoutMs: 2_000 });

    const error = await admin.createSubscription(TOPIC, 'audit').then(() => undefined, (e: unknown) => e);

    expect((error as PulsarAdminError).status).to.equal(307);
    expect((error as Error).message).to.contain('without a Location');
  });
});
