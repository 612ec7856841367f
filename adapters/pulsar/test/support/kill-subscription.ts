import type { Subscription } from '@cadenza/core';
import { allowSubscriptionTypes, unloadTopic } from './admin';

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
  }
};
