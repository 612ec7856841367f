import { freshName } from '@cadenza/conformance';
import type { Subscription } from '@cadenza/core';
import { createPulsarTransport } from '../../src';
import { allowSubscriptionTypes, unloadTopic } from './admin';
import { brokerOptions } from './broker';

/** The namespace whose subscriptions the tests kill: changing its policies disturbs no one else. */
export const KILL_NAMESPACE = 'cadenza-kill';

const settledWithin = (p: Promise<unknown>, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([p.then(() => true), late]).finally(() => clearTimeout(timer));
};

/**
 * Kills a subscription's consumer from the broker's side, as a fault no retry fixes: Shared and Key_Shared
 * subscriptions are refused in `KILL_NAMESPACE`, and the topic is unloaded, so the broker closes the consumer
 * and refuses it back (NotAllowed). Resolves once `subscription.stopped` settled, with the namespace open again.
 */
export const killSubscription = async (subscription: Subscription, fullTopic: string): Promise<void> => {
  await allowSubscriptionTypes(KILL_NAMESPACE, ['Exclusive', 'Failover']);
  try {
    // A consumer can beat the policy back in; each unload gives it another chance to be refused.
    for (let attempt = 0; attempt < 20; attempt++) {
      await unloadTopic(fullTopic);
      if (await settledWithin(subscription.stopped, 1_500)) return;
    }
    throw new Error(`the subscription on ${fullTopic} did not stop after 20 unloads`);
  } finally {
    await allowSubscriptionTypes(KILL_NAMESPACE);
    await untilSharedSubscriptionsAllowed();
  }
};

/**
 * The broker applies a namespace policy a little after the admin call returns: waits until a Shared subscription
 * (a delay forwarder's, too) is accepted in `KILL_NAMESPACE` again, so the next test does not meet the old policy.
 */
const untilSharedSubscriptionsAllowed = async (): Promise<void> => {
  const probe = createPulsarTransport(brokerOptions({ namespace: KILL_NAMESPACE }));
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const subscription = await probe.subscribe(freshName('policy-probe'), 'probe', async () => undefined, { order: 'none', deadLetterTopic: freshName('probe-dl') });
        await subscription.close();
        return;
      } catch (error) {
        if (attempt >= 100) throw new Error(`Shared subscriptions still refused in ${KILL_NAMESPACE} after the policy was reset: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    await probe.close();
  }
};
