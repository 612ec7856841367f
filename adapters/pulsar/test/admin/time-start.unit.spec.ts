import { expect } from 'chai';
import type { PulsarClient } from '../../src/client/pulsar-client';
import { PulsarAdminError } from '../../src/admin/pulsar-admin';
import { createPulsarTransport } from '../../src/pulsar-transport';
import { type AdminAnswer, type AdminRequest, fakeAdmin } from '../support/fake-admin';

/**
 * Subscriptions as the admin API keeps them: created once (409 after), with properties; `resetFailures` cursor
 * resets fail with 503 before the broker accepts them.
 */
const subscriptionsApi = (resetFailures: number) => {
  const properties = new Map<string, Record<string, string>>();
  let failures = resetFailures;
  const answer = (r: AdminRequest): AdminAnswer => {
    const match = /\/subscription\/([^/]+)(\/.*)?$/.exec(r.url);
    if (!match) return { status: 204 };
    const [, name, rest] = match as unknown as [string, string, string | undefined];
    if (rest === undefined && r.method === 'PUT') {
      if (properties.has(name)) return { status: 409, json: { reason: 'Subscription already exists for topic' } };
      properties.set(name, (JSON.parse(r.body || '{}') as { properties?: Record<string, string> }).properties ?? {});
      return { status: 204 };
    }
    if (rest === '/properties' && r.method === 'GET') return { status: 200, json: properties.get(name) ?? {} };
    if (rest === '/properties' && r.method === 'PUT') {
      properties.set(name, JSON.parse(r.body) as Record<string, string>);
      return { status: 204 };
    }
    if (rest?.startsWith('/resetcursor/')) return failures-- > 0 ? { status: 503, json: { reason: 'broker busy' } } : { status: 204 };
    return { status: 404 };
  };
  return { answer, properties };
};

/** A binary-protocol client that attaches nothing: these tests are about what happens before a consumer attaches. */
const idleClient = {
  subscribe: async () => ({ close: async () => undefined }),
  close: async () => undefined,
} as unknown as PulsarClient;

describe('pulsar start { from: time }: the cursor move survives a failed reset', () => {
  const setup = async (resetFailures: number) => {
    const api = subscriptionsApi(resetFailures);
    const server = await fakeAdmin(api.answer);
    const transport = createPulsarTransport(
      { type: 'pulsar', serviceUrl: 'pulsar://127.0.0.1:1', adminUrl: server.url, retention: { scope: 'none' } } as never,
      { client: idleClient },
    );
    const subscribe = (start = { from: 'time' as const, time: 1_000 }) => transport.subscribe('ns.events', 'ns.audit', async () => undefined,
      { order: 'per-key', deadLetterTopic: 'ns.dead-letter', start });
    const resets = () => server.requests.filter((r) => r.url.includes('/resetcursor/')).map((r) => r.url.slice(r.url.lastIndexOf('/') + 1));
    const close = async () => {
      await transport.close();
      await server.close();
    };
    return { api, subscribe, resets, close };
  };

  it('resets the cursor again on the next subscribe when the first reset failed with a 503', async () => {
    const s = await setup(1);
    try {
      const error = await s.subscribe().then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(PulsarAdminError);
      expect((error as PulsarAdminError).status).to.equal(503);
      expect(s.api.properties.get('ns.audit')).to.deep.equal({ 'cadenza.start': 'pending' });

      const subscription = await s.subscribe();

      expect(s.resets()).to.deep.equal(['1000', '1000']);
      expect(s.api.properties.get('ns.audit')).to.deep.equal({ 'cadenza.start': 'placed' });
      await subscription.close();
    } finally {
      await s.close();
    }
  });

  it('leaves a placed subscription where it is on later subscribes', async () => {
    const s = await setup(0);
    try {
      await (await s.subscribe()).close();
      await (await s.subscribe({ from: 'time', time: 5_000 })).close();

      expect(s.resets()).to.deep.equal(['1000']);
    } finally {
      await s.close();
    }
  });

  it('leaves a subscription without the mark (made by a consumer or by anyone else) where it is', async () => {
    const s = await setup(0);
    s.api.properties.set('ns.audit', {});
    try {
      await (await s.subscribe()).close();

      expect(s.resets()).to.deep.equal([]);
      expect(s.api.properties.get('ns.audit')).to.deep.equal({});
    } finally {
      await s.close();
    }
  });
});
