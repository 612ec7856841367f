import { createContainer, createDefaultLogger, createNames, type Envelope, resolveConfig, resolveTransport, systemClock } from '@cadenza/core';
import type { CadenzaCloudEvent } from './cadenza-cloud-event';
import type { EventListener } from './event-listener';
import { type EventListenerOptions, resolveEventListenerOptions } from './event-listener.options';
import { listen } from './listen';

/** The event catalogue a listener checks its options against and turns envelopes into CloudEvents with. */
export interface ListenerCatalogue {
  readonly eventTypes: readonly string[];
  readonly eventsOf: (envelope: Envelope, options: { namespace: string }) => CadenzaCloudEvent[];
}

/**
 * `createEventListener` over a given catalogue: checks the config and the options (nothing connects before),
 * builds the transport from the config unless one is given, and resolves once the group is attached.
 */
export const createListener = async (config: unknown, options: EventListenerOptions, catalogue: ListenerCatalogue): Promise<EventListener> => {
  const resolved = resolveEventListenerOptions(options, catalogue.eventTypes);
  const cadenza = resolveConfig(config ?? {});
  const names = createNames(cadenza.namespace);
  const logger = (options.logger ?? createDefaultLogger(cadenza.logLevel)).child({ component: 'event-listener', group: resolved.group });
  const transport = options.transport ?? (await resolveTransport(createContainer(cadenza, { transport: true, history: false })));
  const ownsTransport = options.transport === undefined;
  try {
    return await listen({
      transport, ownsTransport, names, options: resolved, clock: options.clock ?? systemClock, logger,
      eventsOf: (envelope) => catalogue.eventsOf(envelope, { namespace: names.namespace }),
    });
  } catch (error) {
    if (ownsTransport) await transport.close().catch(() => undefined);
    throw error;
  }
};
