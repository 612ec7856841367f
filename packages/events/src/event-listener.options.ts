import type { Clock, Logger, StartPosition, Transport } from '@cadenza/core';
import type { CadenzaCloudEvent } from './cadenza-cloud-event';
import { EventListenerConfigError } from './event-listener-config-error';
import { checkTypePrefix } from './type-prefix';

/** A handler of one event; the event is acknowledged only after it resolves. */
export type EventHandler = (event: CadenzaCloudEvent) => void | Promise<void>;
/** A handler of a batch of events; every delivery in the batch is acknowledged only after it resolves. */
export type BatchHandler = (events: CadenzaCloudEvent[]) => void | Promise<void>;

/** Where a listener whose group has no position yet starts reading; see {@link EventListenerOptions.start}. */
export type ListenerStart = 'earliest' | 'latest' | { readonly time: Date | number };

/** Which events reach the handlers; every field given must match (see the README for the rules). */
export interface EventFilter {
  /** Type prefixes, each a catalogue type or a prefix of one that ends at a dot boundary, e.g.
   *  `io.cadenza.task` or `io.cadenza.workflow.completed`. An event passes when its type has one of them.
   *  @default every type */
  readonly types?: readonly string[];
  /** Workflow names: events of instances of these workflows (the `cadenzaworkflow` extension), service
   *  events of their tasks included. With `services` too, an event passes when it matches either list.
   *  @default every workflow */
  readonly workflows?: readonly string[];
  /** Service names: events a service published (source `/cadenza/<namespace>/services/<name>`).
   *  @default every service */
  readonly services?: readonly string[];
}

/** How a throwing handler is retried: forever, waiting a capped exponential backoff (doubling) in between. */
export interface ListenerRetry {
  /** Wait before the first retry, in ms, > 0.
   *  @default 100 */
  readonly initialDelayMs?: number;
  /** Longest wait between two retries, in ms, ≥ `initialDelayMs`.
   *  @default 30_000 */
  readonly maxDelayMs?: number;
}

/** Options of `createEventListener`. Exactly one of `on` and `onBatch` is required. */
export interface EventListenerOptions {
  /** The listener's own consumer group: listeners with the same group share the events (and its position);
   *  each group sees every event. Letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most
   *  128. Required. */
  readonly group: string;
  /** Where the group starts reading when it has no position yet; a group that has one resumes from it.
   *  `earliest`: the oldest event the transport retains. `latest`: the next one published. `{ time }`: the
   *  first event published at or after that time; a time in the future reads like `latest` until then.
   *  @default 'earliest' */
  readonly start?: ListenerStart;
  /** @default every event */
  readonly filter?: EventFilter;
  /** One handler per type: each key is a catalogue type or a type prefix (as in `filter.types`); an event goes
   *  to the handler of the longest key that matches its type, and events no key matches are skipped. */
  readonly on?: Readonly<Record<string, EventHandler>>;
  /** One handler for batches of events, in place of `on`. */
  readonly onBatch?: BatchHandler;
  /** Most events in one `onBatch` call, an integer ≥ 1.
   *  @default 100 */
  readonly maxEvents?: number;
  /** Longest wait, in ms, between the first event of a batch and the `onBatch` call (a full batch goes at once).
   *  @default 200 */
  readonly maxWaitMs?: number;
  /** @default { initialDelayMs: 100, maxDelayMs: 30_000 } */
  readonly retry?: ListenerRetry;
  /** @default pino at the config's `logLevel` (`warn`), on stderr */
  readonly logger?: Logger;
  /** An existing transport to listen on (embedding), instead of one built from the config. The listener does
   *  not close a transport it was given. */
  readonly transport?: Transport;
  /** Time for batch waits and retry backoff; tests pass a manual clock.
   *  @default the system clock */
  readonly clock?: Clock;
}

/** The defaults, in one place. */
export const eventListenerDefaults = {
  start: 'earliest',
  maxEvents: 100,
  maxWaitMs: 200,
  retry: { initialDelayMs: 100, maxDelayMs: 30_000 },
  /** Deliveries handled at once with `on` handlers (different workflows run in parallel, one workflow in order). */
  handlerConcurrency: 64,
} as const;

/** Options after checking, with defaults applied. */
export interface ResolvedListenerOptions {
  readonly group: string;
  readonly start: StartPosition;
  readonly filter: EventFilter;
  readonly handlers: { readonly kind: 'per-type'; readonly on: Readonly<Record<string, EventHandler>> } | { readonly kind: 'batch'; readonly onBatch: BatchHandler };
  readonly maxEvents: number;
  readonly maxWaitMs: number;
  readonly retry: Required<ListenerRetry>;
  /** Deliveries the subscription hands over at once: enough to fill a batch while the previous one runs. */
  readonly concurrency: number;
}

const GROUP = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const ENTITY = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;
const KNOWN = new Set(['group', 'start', 'filter', 'on', 'onBatch', 'maxEvents', 'maxWaitMs', 'retry', 'logger', 'transport', 'clock']);

const fail = (path: string, expected: string, actual: unknown, hint?: string): never => {
  throw new EventListenerConfigError(path ? `options.${path}` : 'options', expected, actual, hint);
};

const positiveInteger = (value: unknown, path: string, fallback: number): number => {
  if (value === undefined) return fallback;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : fail(path, 'an integer ≥ 1', value);
};

const delay = (value: unknown, path: string, fallback: number, min: number): number => {
  if (value === undefined) return fallback;
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fail(path, `a number of ms ≥ ${min}`, value);
};

const resolveStart = (start: unknown): StartPosition => {
  if (start === undefined || start === 'earliest') return { from: 'earliest' };
  if (start === 'latest') return { from: 'latest' };
  if (typeof start === 'object' && start !== null && 'time' in start) {
    const { time } = start as { time: unknown };
    const ms = time instanceof Date ? time.getTime() : time;
    if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) return { from: 'time', time: ms };
    return fail('start.time', 'a valid Date or ms since the epoch ≥ 0', time);
  }
  return fail('start', `'earliest', 'latest' or { time: Date | number }`, start);
};

const names = (value: unknown, path: string, pattern: RegExp, what: string): readonly string[] | undefined => {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) return fail(path, `a non-empty array of ${what}`, value);
  value.forEach((name, i) => (typeof name === 'string' && pattern.test(name) ? name : fail(`${path}.${i}`, what, name)));
  return value as string[];
};

const resolveFilter = (filter: unknown, eventTypes: readonly string[]): EventFilter => {
  if (filter === undefined) return {};
  if (typeof filter !== 'object' || filter === null) return fail('filter', 'an object { types?, workflows?, services? }', filter);
  const { types, workflows, services, ...rest } = filter as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) fail(`filter.${extra}`, 'a known filter (types, workflows, services)', rest[extra]);
  if (types !== undefined && (!Array.isArray(types) || types.length === 0)) fail('filter.types', 'a non-empty array of type prefixes', types);
  const checked = (types as unknown[] | undefined)?.map((prefix, i) => checkTypePrefix(prefix, eventTypes, `options.filter.types.${i}`));
  const workflowNames = names(workflows, 'filter.workflows', ENTITY, 'a workflow name');
  const serviceNames = names(services, 'filter.services', ENTITY, 'a service name');
  return { ...(checked ? { types: checked } : {}), ...(workflowNames ? { workflows: workflowNames } : {}), ...(serviceNames ? { services: serviceNames } : {}) };
};

const resolveHandlers = (on: unknown, onBatch: unknown, eventTypes: readonly string[]): ResolvedListenerOptions['handlers'] => {
  if (on !== undefined && onBatch !== undefined) return fail('on', 'either on or onBatch, not both', 'both');
  if (onBatch !== undefined) return typeof onBatch === 'function' ? { kind: 'batch', onBatch: onBatch as BatchHandler } : fail('onBatch', 'a function', onBatch);
  if (on === undefined) return fail('on', 'a handler per type (on) or a batch handler (onBatch)', 'neither');
  if (typeof on !== 'object' || on === null || Object.keys(on).length === 0) return fail('on', 'an object of handlers by type', on);
  for (const [type, handler] of Object.entries(on)) {
    checkTypePrefix(type, eventTypes, `options.on.${type}`);
    if (typeof handler !== 'function') fail(`on.${type}`, 'a function', handler);
  }
  return { kind: 'per-type', on: on as Record<string, EventHandler> };
};

/**
 * Checks `raw` once, before anything connects, and applies the defaults. `eventTypes` is the catalogue the
 * type filters and handler keys must match.
 * @throws EventListenerConfigError naming the first bad option.
 */
export const resolveEventListenerOptions = (raw: unknown, eventTypes: readonly string[]): ResolvedListenerOptions => {
  if (typeof raw !== 'object' || raw === null) return fail('', 'an object of listener options', raw);
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).find((key) => !KNOWN.has(key));
  if (unknown !== undefined) fail(unknown, 'a known option', o[unknown], `known: ${[...KNOWN].join(', ')}`);
  const group = typeof o.group === 'string' && GROUP.test(o.group) ? o.group
    : fail('group', 'a group name: letters, digits, ., _ and -, starting with a letter or digit, at most 128', o.group);
  const handlers = resolveHandlers(o.on, o.onBatch, eventTypes);
  const maxEvents = positiveInteger(o.maxEvents, 'maxEvents', eventListenerDefaults.maxEvents);
  const retry = (o.retry ?? {}) as Record<string, unknown>;
  if (typeof retry !== 'object' || retry === null) fail('retry', 'an object { initialDelayMs?, maxDelayMs? }', o.retry);
  const initialDelayMs = delay(retry.initialDelayMs, 'retry.initialDelayMs', eventListenerDefaults.retry.initialDelayMs, 1);
  const maxDelayMs = delay(retry.maxDelayMs, 'retry.maxDelayMs', Math.max(initialDelayMs, eventListenerDefaults.retry.maxDelayMs), initialDelayMs);
  if (o.transport !== undefined && typeof (o.transport as Transport | null)?.subscribe !== 'function') fail('transport', 'a Transport', '(not a transport)');
  return {
    group,
    start: resolveStart(o.start),
    filter: resolveFilter(o.filter, eventTypes),
    handlers,
    maxEvents,
    maxWaitMs: delay(o.maxWaitMs, 'maxWaitMs', eventListenerDefaults.maxWaitMs, 0),
    retry: { initialDelayMs, maxDelayMs },
    concurrency: handlers.kind === 'batch' ? 2 * maxEvents : eventListenerDefaults.handlerConcurrency,
  };
};
