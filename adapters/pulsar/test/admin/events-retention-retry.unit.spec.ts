import type { Logger } from '@cadenza/core';
import { expect } from 'chai';
import { createPulsarAdmin } from '../../src/admin/pulsar-admin';
import { eventsRetention } from '../../src/admin/events-retention';
import { fakeAdmin } from '../support/fake-admin';

type Line = { level: 'debug' | 'warn'; fields: object; message?: string };

/** A logger that keeps its debug and warning lines. */
const recordingLogger = (lines: Line[]): Logger => {
  const keep = (level: Line['level']) => (fields: object, message?: string) =>
    void lines.push({ level, fields, ...(message !== undefined ? { message } : {}) });
  const logger = { debug: keep('debug'), info: () => undefined, warn: keep('warn'), error: () => undefined, child: () => logger } as unknown as Logger;
  return logger;
};

const RETRY = { attempts: 3, firstDelayMs: 10, maxDelayMs: 20 };
const POLICY = { sizeMb: 10, timeMinutes: 60, scope: 'topic' as const };

describe('pulsar events retention: a failed policy is tried again', () => {
  const run = async (statuses: number[], expectedCalls: number) => {
    const left = [...statuses];
    const server = await fakeAdmin(() => ({ status: left.shift() ?? 204, json: { reason: 'Topic not found' } }));
    const admin = createPulsarAdmin({ adminUrl: server.url, token: 'secret-token', timeoutMs: 2_000 });
    const lines: Line[] = [];
    const retention = eventsRetention({ admin: () => admin, retention: POLICY, tenant: 'public', namespace: 'default', logger: recordingLogger(lines), retry: RETRY });
    retention.touch('ns.events');
    // Close cuts retry waits short: wait for the calls expected first (at most 1 s), so that a missing one shows.
    for (let i = 0; i < 100 && server.requests.length < expectedCalls; i++) await new Promise((r) => setTimeout(r, 10));
    await retention.close();
    await server.close();
    return { requests: server.requests, lines };
  };

  it('sets the policy after a 404 (the topic did not exist yet), with no warning', async () => {
    const { requests, lines } = await run([404], 2);

    expect(requests.map((r) => r.url)).to.deep.equal([
      '/admin/v2/persistent/public/default/ns.events/retention', '/admin/v2/persistent/public/default/ns.events/retention',
    ]);
    expect(lines.filter((l) => l.level === 'warn')).to.deep.equal([]);
    expect(lines.at(-1)!.message).to.equal('pulsar events retention set');
  });

  it('gives up after the last attempt with one warning that names no secret', async () => {
    const { requests, lines } = await run([503, 503, 503, 503], RETRY.attempts);

    expect(requests).to.have.length(RETRY.attempts);
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings).to.have.length(1);
    expect(JSON.stringify(warnings[0]!.fields)).to.contain('HTTP 503').and.not.contain('secret-token');
  });

  it('does not try again a refusal (405: topic policies disabled)', async () => {
    const { requests, lines } = await run([405], 1);

    expect(requests).to.have.length(1);
    expect(lines.filter((l) => l.level === 'warn')).to.have.length(1);
  });

  it('stops waiting to try again when closed', async () => {
    const server = await fakeAdmin(() => ({ status: 404 }));
    const admin = createPulsarAdmin({ adminUrl: server.url, timeoutMs: 2_000 });
    const retention = eventsRetention({ admin: () => admin, retention: POLICY, tenant: 'public', namespace: 'default',
      retry: { attempts: 5, firstDelayMs: 60_000, maxDelayMs: 60_000 } });
    retention.touch('ns.events');
    for (let i = 0; i < 100 && server.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 10));

    await retention.close();

    expect(server.requests).to.have.length(1);
    await server.close();
  });
});
