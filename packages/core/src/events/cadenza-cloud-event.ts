import { CloudEvent } from 'cloudevents';

/** A Cadenza event as a CloudEvents 1.0 event of the `cloudevents` SDK (re-exported so users need no direct dependency). */
export type CadenzaCloudEvent = CloudEvent<unknown>;

/** What one event is, before it becomes a CloudEvent: the instance it belongs to is given beside it. */
export interface EventSpec {
  readonly type: string;
  /** Deterministic: see `cloud-event-id.ts`. */
  readonly id: string;
  /** When it happened, ms since the epoch. */
  readonly at: number;
  readonly data: Record<string, unknown>;
  /** For task events: the service, which names the `source`. */
  readonly service?: string;
  readonly taskId?: string;
  readonly attempt?: number;
}

/** The instance an event belongs to, and the namespace it runs in. */
export interface EventScope {
  readonly namespace: string;
  readonly workflowName: string;
  readonly workflowId: string;
}

/** `/cadenza/<namespace>/services/<service>` for task events, `/cadenza/<namespace>/workflows/<workflow>` for the others. */
export const sourceOf = (scope: EventScope, service: string | undefined): string =>
  service === undefined ? `/cadenza/${scope.namespace}/workflows/${scope.workflowName}` : `/cadenza/${scope.namespace}/services/${service}`;

/** Sources that one strictly built event already proved valid URI references; cleared when it holds this many. */
const KNOWN_SOURCES_LIMIT = 1_024;
const knownSources = new Set<string>();

/**
 * Whether an event is valid without asking the SDK's schema: its source was proved valid before, and each
 * attribute that varies per event is what the schema wants (`id` and `subject` non-empty, `cadenzaattempt` an
 * integer). Everything else (`type`, `specversion`, `datacontenttype`, the extension names, `time` from a
 * number) is the same for every event, and the tests validate each type with the SDK.
 */
const isKnownValid = (source: string, scope: EventScope, spec: EventSpec): boolean =>
  knownSources.has(source) && spec.id !== '' && scope.workflowId !== '' && (spec.attempt === undefined || Number.isInteger(spec.attempt));

/**
 * Builds one CloudEvent with the Cadenza extensions: `cadenzanamespace`, `cadenzaworkflow`,
 * `cadenzaworkflowid`, and where they apply `cadenzataskid` and `cadenzaattempt`. The SDK's schema validation
 * (most of the cost of an event) runs on the first event of each source, and on any event whose per-event
 * attributes are not plainly valid; the others are built without it, and are just as valid.
 * @throws the SDK's `ValidationError` for an invalid event (a namespace or name that makes no URI reference, an
 * empty workflow id, an attempt that is no integer).
 */
export const buildCloudEvent = (scope: EventScope, spec: EventSpec): CadenzaCloudEvent => {
  const source = sourceOf(scope, spec.service);
  const attributes = {
    specversion: '1.0' as const,
    id: spec.id,
    type: spec.type,
    source,
    subject: scope.workflowId,
    time: new Date(spec.at).toISOString(),
    datacontenttype: 'application/json',
    data: spec.data,
    cadenzanamespace: scope.namespace,
    cadenzaworkflow: scope.workflowName,
    cadenzaworkflowid: scope.workflowId,
    ...(spec.taskId !== undefined ? { cadenzataskid: spec.taskId } : {}),
    ...(spec.attempt !== undefined ? { cadenzaattempt: spec.attempt } : {}),
  };
  if (isKnownValid(source, scope, spec)) return new CloudEvent<unknown>(attributes, false);
  const event = new CloudEvent<unknown>(attributes);
  if (knownSources.size >= KNOWN_SOURCES_LIMIT) knownSources.clear();
  knownSources.add(source);
  return event;
};
