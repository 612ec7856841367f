import type { PulsarAdmin } from './pulsar-admin';

/** The subscription property that records whether a `{ from: 'time' }` start has moved the cursor yet. */
export const START_PROPERTY = 'cadenza.start';
/** Its values: created, cursor not yet moved / cursor moved to the time. */
export const START_PENDING = 'pending';
export const START_PLACED = 'placed';

/**
 * Makes sure `subscription` exists and, when it is one a time start created, sits at `time`, before any consumer
 * attaches. The subscription is created marked `pending`; the cursor is reset, then the mark set to `placed`. A
 * subscribe that finds it existing resets it again while the mark still says `pending` (a reset that failed, timed
 * out or was cut short by a killed process), so the time start is never lost; a subscription without the mark
 * (made by a consumer, by an older version, by an operator) or marked `placed` keeps its cursor.
 * @throws PulsarAdminError when a call fails: the subscription stays `pending`, and the next subscribe resets it.
 */
export const placeAtTime = async (admin: PulsarAdmin, fullTopic: string, subscription: string, time: number): Promise<void> => {
  const made = await admin.createSubscription(fullTopic, subscription, { [START_PROPERTY]: START_PENDING });
  const properties = made === 'created' ? { [START_PROPERTY]: START_PENDING } : await admin.subscriptionProperties(fullTopic, subscription);
  if (properties[START_PROPERTY] !== START_PENDING) return;
  await admin.resetCursor(fullTopic, subscription, time);
  await admin.setSubscriptionProperties(fullTopic, subscription, { ...properties, [START_PROPERTY]: START_PLACED });
};
