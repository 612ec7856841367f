import { cloudEventsOf, EVENT_TYPES } from '@cadenza/core';
import { createListener } from './create-listener';
import type { EventListener } from './event-listener';
import type { EventListenerOptions } from './event-listener.options';

/**
 * A listener of every Cadenza event, as CloudEvents, in its own consumer group (see the package README).
 * `config` is the Cadenza config a worker takes (its `transport` and `namespace` are used); the options are
 * checked against the event catalogue before anything connects. Resolves once the group is attached.
 * @throws EventListenerConfigError for bad options, ConfigError for a bad config.
 * @example
 * const listener = await createEventListener(config, { group: 'audit', on: { 'io.cadenza.workflow.completed': record } });
 */
export const createEventListener = (config: unknown, options: EventListenerOptions): Promise<EventListener> =>
  createListener(config, options, { eventTypes: EVENT_TYPES, eventsOf: cloudEventsOf });
