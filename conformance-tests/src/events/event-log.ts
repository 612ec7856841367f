import type { CadenzaCloudEvent, Logger } from '@cadenza/core';
import { createEventListener, type EventListener, type EventListenerOptions } from '@cadenza/events';
import type { World } from '../engine/world';

/** Workers of the events suite publish events: `events.publish` is off by default. */
export const PUBLISH = { publish: true } as const;

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };

/** Every event one or more listeners received, in arrival order, with lookups by instance and by id. */
export class EventLog {
  readonly events: CadenzaCloudEvent[] = [];

  add(events: readonly CadenzaCloudEvent[]): void {
    this.events.push(...events);
  }

  of(workflowId: string): CadenzaCloudEvent[] {
    return this.events.filter((e) => e.subject === workflowId);
  }

  ids(): Set<string> {
    return new Set(this.events.map((e) => e.id));
  }

  /** The instances that have an event of `type`. */
  subjectsWith(type: string): Set<string> {
    return new Set(this.events.filter((e) => e.type === type).map((e) => e.subject ?? ''));
  }
}

/**
 * A listener of `w`'s namespace on a transport of its own from the harness, closed with the world, that adds
 * every event (in batches) to `log`.
 */
export const listenInto = async (w: World, log: EventLog, options: Partial<EventListenerOptions> & { group: string }): Promise<EventListener> => {
  const transport = await w.transport();
  const listener = await createEventListener({ namespace: w.namespace }, {
    logger: silent, transport, maxWaitMs: 20, onBatch: (events) => log.add(events), ...options,
  });
  w.onClose(() => listener.stop());
  return listener;
};
