import type { CadenzaCloudEvent } from './cadenza-cloud-event';
import type { EventHandler } from './event-listener.options';
import { retryUntilDone, type RetryContext } from './retry-until-done';
import { typeHasPrefix } from './type-prefix';

/** Handles one delivery's events; resolves once each was handled. */
export type Dispatch = (events: readonly CadenzaCloudEvent[]) => Promise<void>;

/**
 * Hands each event, in order, to the handler of the longest key of `on` that its type has, retrying a throw
 * until the handler succeeds (see {@link retryUntilDone}); an event that no key matches is skipped.
 */
export const perTypeDispatcher = (on: Readonly<Record<string, EventHandler>>, context: RetryContext): Dispatch => {
  const keys = Object.keys(on).sort((a, b) => b.length - a.length);
  const handlerOf = new Map<string, EventHandler | undefined>();
  const find = (type: string): EventHandler | undefined => {
    if (!handlerOf.has(type)) {
      const key = keys.find((prefix) => typeHasPrefix(type, prefix));
      handlerOf.set(type, key === undefined ? undefined : on[key]);
    }
    return handlerOf.get(type);
  };
  return async (events) => {
    for (const event of events) {
      const handler = find(event.type);
      if (handler) await retryUntilDone(() => handler(event), { eventId: event.id, type: event.type }, context);
    }
  };
};
