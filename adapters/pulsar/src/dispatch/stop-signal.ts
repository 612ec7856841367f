/** The `stopped` promise of a subscription and the one call that settles it (later calls change nothing). */
import type { SubscriptionStopped } from '@cadenza/core';

export interface StopSignal {
  readonly stopped: Promise<SubscriptionStopped>;
  settle(why: SubscriptionStopped): void;
}

export const stopSignal = (): StopSignal => {
  let settle!: (why: SubscriptionStopped) => void;
  const stopped = new Promise<SubscriptionStopped>((resolve) => (settle = resolve));
  return { stopped, settle };
};
