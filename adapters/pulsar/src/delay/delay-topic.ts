/**
 * Delayed messages do not go to their topic directly: Pulsar holds back a message with `deliver_at_time`
 * only on Shared subscriptions, and keyed topics are consumed Key_Shared. So a delayed message goes to the
 * topic's delay topic, read by a forwarder on a Shared subscription, which republishes it (with its key) to
 * the real topic once due.
 */

/** The delay topic of `topic`. */
export const delayTopic = (topic: string): string => `${topic}__delayed`;

/** The forwarders' subscription on a delay topic (one for all groups: the forwarded message reaches every group). */
export const FORWARDER_SUBSCRIPTION = 'cadenza-delay-forwarder';

/** Message properties on a delayed message. */
export const DELAY_PROPERTIES = {
  /** The topic to republish to. */
  target: 'cadenza-target-topic',
  /** deliverAt, ms since epoch, checked again by the forwarder (never early, even with clock skew). */
  deliverAt: 'cadenza-deliver-at',
} as const;
