import type { Clock, Delivery, Envelope, Logger, Names, Subscription, Transport } from '@cadenza/core';
import type { CadenzaCloudEvent } from './cadenza-cloud-event';
import { EventBatcher } from './event-batcher';
import { compileFilter } from './event-filter';
import type { EventListener, EventListenerStopped } from './event-listener';
import type { ResolvedListenerOptions } from './event-listener.options';
import { type Dispatch, perTypeDispatcher } from './per-type-dispatcher';
import type { RetryContext } from './retry-until-done';

/** Turns one envelope of the events topic into its CloudEvents (`[]` for one that carries none). */
export type EventsOf = (envelope: Envelope) => CadenzaCloudEvent[];

/** What {@link listen} runs with. */
export interface ListenParts {
  readonly transport: Transport;
  /** Close `transport` when the listener stops: it was built for this listener. */
  readonly ownsTransport: boolean;
  readonly names: Names;
  readonly eventsOf: EventsOf;
  readonly options: ResolvedListenerOptions;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The consumer group of a listener: namespaced, so one group name can be used in several namespaces. */
export const listenerGroup = (names: Names, group: string): string => `${names.namespace}.event-listener.${group}`;

/**
 * Subscribes the listener's group to the events topic and resolves once attached. Each delivery is turned
 * into CloudEvents, filtered, and handed to the handlers; it is acknowledged once they all resolved.
 */
export const listen = async (parts: ListenParts): Promise<EventListener> => {
  const { transport, names, options, logger } = parts;
  const stopping = new AbortController();
  const context: RetryContext = { retry: options.retry, clock: parts.clock, logger, group: options.group, signal: stopping.signal };
  const batcher = options.handlers.kind === 'batch'
    ? new EventBatcher({ ...context, onBatch: options.handlers.onBatch, maxEvents: options.maxEvents, maxWaitMs: options.maxWaitMs })
    : undefined;
  const dispatch: Dispatch = batcher ? (events) => batcher.add(events) : perTypeDispatcher(options.handlers.kind === 'per-type' ? options.handlers.on : {}, context);
  const passes = compileFilter(options.filter);
  const handle = async (delivery: Delivery): Promise<void> => {
    const events = parts.eventsOf(delivery.envelope).filter(passes);
    if (events.length > 0) await dispatch(events);
  };

  const topic = names.eventsTopic();
  const subscription: Subscription = await transport.subscribe(topic, listenerGroup(names, options.group), handle, {
    order: 'per-key', concurrency: options.concurrency, start: options.start, deadLetterTopic: names.deadLetterTopic(),
  });
  let settle!: (why: EventListenerStopped) => void;
  const stopped = new Promise<EventListenerStopped>((resolve) => (settle = resolve));
  const release = async () => {
    if (parts.ownsTransport) await transport.close().catch((error: Error) => logger.warn({ error: error.message }, 'closing the listener transport failed'));
  };
  void subscription.stopped.then(async (why) => {
    if (why.cause === 'closed' || stopping.signal.aborted) return;
    stopping.abort();
    batcher?.abandon();
    logger.error({ topic, error: why.error.message }, 'event listener stopped: its subscription failed');
    await release();
    settle({ cause: 'failed', error: why.error });
  });
  let stopping$: Promise<void> | undefined;
  return {
    stopped,
    stop: () => (stopping$ ??= (async () => {
      if (stopping.signal.aborted) return; // it failed before: already released
      stopping.abort();
      batcher?.abandon();
      await subscription.close();
      await release();
      settle({ cause: 'stopped' });
    })()),
  };
};
