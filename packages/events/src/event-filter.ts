import type { CadenzaCloudEvent } from './cadenza-cloud-event';
import type { EventFilter } from './event-listener.options';
import { typeHasPrefix } from './type-prefix';

/** Whether an event passes a filter. */
export type EventPredicate = (event: CadenzaCloudEvent) => boolean;

/** The service that published `event`: the last part of a source `/cadenza/<namespace>/services/<name>`. */
const serviceOf = (event: CadenzaCloudEvent): string | undefined => {
  const parts = event.source.split('/');
  return parts.length === 5 && parts[3] === 'services' ? parts[4] : undefined;
};

/**
 * The predicate of a checked filter: the type must have one of `types` (when given), and the event must belong
 * to one of `workflows` (its `cadenzaworkflow` extension) or come from one of `services` (its source), when
 * either list is given.
 */
export const compileFilter = (filter: EventFilter): EventPredicate => {
  const { types } = filter;
  const workflows = filter.workflows && new Set(filter.workflows);
  const services = filter.services && new Set(filter.services);
  const byOrigin = workflows || services;
  return (event) => {
    if (types && !types.some((prefix) => typeHasPrefix(event.type, prefix))) return false;
    if (!byOrigin) return true;
    const workflow = event.cadenzaworkflow;
    if (workflows && typeof workflow === 'string' && workflows.has(workflow)) return true;
    const service = serviceOf(event);
    return services !== undefined && service !== undefined && services.has(service);
  };
};
