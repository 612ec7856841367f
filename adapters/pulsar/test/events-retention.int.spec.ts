import { eventually, freshName, testEnvelope, valueOf } from '@cadenza/conformance';
import { createNames, decodeEnvelope, type Delivery, type Logger } from '@cadenza/core';
import { expect } from 'chai';
import { request } from 'node:http';
import { createPulsarTransport, type PulsarTransport, type PulsarTransportOptions } from '../src';
import { admin, adminPath, ensureNamespace } from './support/admin';
import { brokerOptions } from './support/broker';

/** GET on the test broker's admin API; resolves with the parsed body. */
const adminGet = (path: string): Promise<unknown> =>
  new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: 8080, method: 'GET', path: `/admin/v2/${path}` }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body === '' ? undefined : JSON.parse(body)));
    }).on('error', reject).end();
  });

/** A logger that keeps its warnings. */
const recordingLogger = (warnings: Array<{ fields: object; message?: string }>): Logger => {
  const logger: Logger = {
    debug: () => undefined, info: () => undefined, error: () => undefined,
    warn: (fields, message) => void warnings.push({ fields, ...(message !== undefined ? { message } : {}) }),
    child: () => logger,
  };
  return logger;
};

describe('Pulsar transport: retention of events topics, and the admin API behind start', function () {
  this.timeout(60_000);
  const made: PulsarTransport[] = [];
  const connect = (extra: Partial<PulsarTransportOptions>, logger?: Logger): PulsarTransport => {
    const t = createPulsarTransport(brokerOptions(extra), logger ? { logger } : {});
    made.push(t);
    return t;
  };
  const namespaces: string[] = [];
  const freshNamespace = async (): Promise<string> => {
    const name = freshName('retention');
    await ensureNamespace(name);
    namespaces.push(name);
    return name;
  };
  afterEach(async () => {
    await Promise.all(made.splice(0).map((t) => t.close()));
  });
  after(async () => {
    for (const name of namespaces) await admin('DELETE', `namespaces/public/${name}?force=true`);
  });

  it("sets the namespace's retention once an events topic is published to, with scope 'namespace'", async () => {
    const namespace = await freshNamespace();
    const t = connect({ namespace, retention: { scope: 'namespace', sizeMb: 16, timeMinutes: 90 } });
    await t.publish(createNames('app').eventsTopic(), testEnvelope('event'), { key: 'k' });
    await eventually(async () => expect(await adminGet(`namespaces/public/${namespace}/retention`))
      .to.deep.equal({ retentionTimeInMinutes: 90, retentionSizeInMB: 16 }));
  });

  it('leaves the retention of a namespace alone for topics that are not events topics', async () => {
    const namespace = await freshNamespace();
    const t = connect({ namespace, retention: { scope: 'namespace', sizeMb: 16, timeMinutes: 90 } });
    await t.publish(createNames('app').workflowTopic('W'), testEnvelope('run'), { key: 'k' });
    await t.subscribe(createNames('app').serviceTopic('S'), 'g', async () => undefined, { order: 'none', deadLetterTopic: freshName('dl') });
    await t.close();
    const retention = (await adminGet(`namespaces/public/${namespace}/retention`)) as { retentionSizeInMB?: number } | undefined;
    expect(retention?.retentionSizeInMB ?? 0).to.equal(0);
  });

  it("logs a warning and goes on publishing when the broker refuses a topic-level policy (scope 'topic')", async () => {
    // The test broker runs with topicLevelPoliciesEnabled=false, so it answers 405.
    const warnings: Array<{ fields: object; message?: string }> = [];
    const t = connect({}, recordingLogger(warnings));
    const topic = createNames(freshName('app')).eventsTopic();
    await t.publish(topic, testEnvelope('one'), { key: 'k' });
    await t.publish(topic, testEnvelope('two'), { key: 'k' });
    await eventually(() => expect(warnings).to.have.length(1));
    expect(warnings[0]!.message).to.match(/retention not set/);
    expect(JSON.stringify(warnings[0]!.fields)).to.match(/HTTP 405/).and.to.contain(topic);
  });

  /** Publishes a, b, c at distinct broker publish times; resolves with the publish time of each. */
  const publishThree = async (t: PulsarTransport, topic: string): Promise<Map<unknown, number>> => {
    for (const value of ['a', 'b', 'c']) {
      const sent = Date.now();
      await t.publish(topic, testEnvelope(value), { key: 'k' });
      await eventually(() => expect(Date.now()).to.be.above(sent + 1), { everyMs: 1 }); // distinct publish times
    }
    const publishTimes = new Map<unknown, number>();
    const probe = await t.client.subscribe({
      topic: t.client.topicName(topic), subscription: freshName('probe'), subscriptionType: 'Shared', initialPosition: 'earliest',
      onMessage: (m) => void publishTimes.set(valueOf(decodeEnvelope(m.payload, topic)), m.publishTime),
    });
    await eventually(() => expect(publishTimes.size).to.equal(3));
    await probe.close();
    expect(publishTimes.get('b')).to.be.above(publishTimes.get('a')!);
    return publishTimes;
  };

  /** Subscribes `group` at the publish time of b, publishes 'next'; resolves with what the group got. */
  const readFromB = async (t: PulsarTransport, topic: string, group: string, publishTimes: Map<unknown, number>): Promise<unknown[]> => {
    const got: Delivery[] = [];
    await t.subscribe(topic, group, async (d) => void got.push(d),
      { order: 'per-key', deadLetterTopic: freshName('dl'), start: { from: 'time', time: publishTimes.get('b')! } });
    await t.publish(topic, testEnvelope('next'), { key: 'k' });
    await eventually(() => expect(got.map((d) => valueOf(d.envelope))).to.include('next'));
    return got.map((d) => valueOf(d.envelope));
  };

  it("starts a new group at a time at the first message whose broker publish time is that time, included", async () => {
    const t = connect({ retention: { scope: 'none' } });
    const topic = createNames(freshName('app')).eventsTopic();
    const publishTimes = await publishThree(t, topic);
    const group = freshName('late');

    expect(await readFromB(t, topic, group, publishTimes)).to.deep.equal(['b', 'c', 'next']);
    expect(await adminGet(`${adminPath(t.client.topicName(topic))}/subscription/${group}/properties`))
      .to.deep.equal({ 'cadenza.start': 'placed' });
  });

  it('moves a subscription that an interrupted time start left pending (created, cursor never reset)', async () => {
    const t = connect({ retention: { scope: 'none' } });
    const topic = createNames(freshName('app')).eventsTopic();
    const publishTimes = await publishThree(t, topic);
    const group = freshName('late');
    // What a process killed between creating the subscription and resetting its cursor leaves: pending, at the end.
    expect(await admin('PUT', `${adminPath(t.client.topicName(topic))}/subscription/${group}`,
      JSON.stringify({ properties: { 'cadenza.start': 'pending' } }))).to.equal(204);

    expect(await readFromB(t, topic, group, publishTimes)).to.deep.equal(['b', 'c', 'next']);
  });

  it('rejects a subscribe at a time with a TransportError when the admin API cannot be reached, and keeps working', async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    const t = connect({ adminUrl: 'http://127.0.0.1:9', retention: { scope: 'none' } });
    const topic = createNames(freshName('app')).eventsTopic();
    const refused = await t.subscribe(topic, freshName('late'), async () => undefined,
      { order: 'per-key', deadLetterTopic: freshName('dl'), start: { from: 'time', time: Date.now() } }).then(() => undefined, (error: unknown) => error);
    expect((refused as { code?: unknown } | undefined)?.code).to.equal('TRANSPORT');
    expect(String(refused)).to.match(/pulsar admin creating subscription/);
    const latest = await t.subscribe(topic, freshName('late'), async () => undefined, { order: 'per-key', deadLetterTopic: freshName('dl'), start: { from: 'latest' } });
    await latest.close();
  });
});
