import type { Delivery, Subscription } from '@cadenza/core';
import { expect } from 'chai';
import type { TransportHarness } from '../harness';
import { eventually } from '../support/eventually';
import { itIf } from '../support/it-if';
import { testEnvelope, valueOf } from '../support/test-envelope';
import type { TransportCaseContext } from './redelivery.cases';

/** `Subscription.stopped`: a closed subscription says so, and one that dies on its own reports it. */
export const stoppedCases = (h: TransportHarness, { connect, names }: TransportCaseContext): void => {
  const values = (got: Delivery[]) => got.map((d) => valueOf(d.envelope));

  it("a closed subscription's stopped settles with 'closed'", async () => {
    const t = await connect();
    const { topic, group, deadLetterTopic } = names();
    const subscription = await t.subscribe(topic, group, async () => undefined, { order: 'none', deadLetterTopic });
    await subscription.close();
    expect(await subscription.stopped).to.deep.equal({ cause: 'closed' });
  });

  itIf(h.killSubscription !== undefined, 'killSubscription hook')('a subscription that dies reports it', async () => {
    const t = await connect();
    const { topic, group, deadLetterTopic } = names();
    const dead: Delivery[] = [];
    const subscription: Subscription = await t.subscribe(topic, group, async (d) => void dead.push(d), { order: 'per-key', deadLetterTopic });
    await t.publish(topic, testEnvelope('before'), { key: 'k' });
    await eventually(() => expect(values(dead)).to.deep.equal(['before']), { timeoutMs: 30_000 });

    await h.killSubscription!(subscription, topic);
    const stopped = await subscription.stopped;
    expect(stopped.cause).to.equal('failed');
    if (stopped.cause !== 'failed') return;
    expect(stopped.error.code).to.equal('TRANSPORT');
    expect(stopped.error.message).to.be.a('string').and.not.equal('');

    // Nothing more reaches the dead one; a new member of the group takes its messages.
    await t.publish(topic, testEnvelope('after'), { key: 'k' });
    const next: Delivery[] = [];
    const other = await connect();
    await other.subscribe(topic, group, async (d) => void next.push(d), { order: 'per-key', deadLetterTopic });
    await eventually(() => expect(values(next)).to.include('after'), { timeoutMs: 30_000 });
    expect(values(dead)).to.deep.equal(['before']);
  });
};
