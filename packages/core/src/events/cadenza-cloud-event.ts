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

/**
 * Builds and validates (the SDK throws its `ValidationError` for an invalid event) one CloudEvent with the
 * Cadenza extensions: `cadenzanamespace`, `cadenzaworkflow`, `cadenzaworkflowid`, and where they apply
 * `cadenzataskid` and `cadenzaattempt`.
 */
export const buildCloudEvent = (scope: EventScope, spec: EventSpec): CadenzaCloudEvent => new CloudEvent<unknown>({
  specversion: '1.0',
  id: spec.id,
  type: spec.type,
  source: sourceOf(scope, spec.service),
  subject: scope.workflowId,
  time: new Date(spec.at).toISOString(),
  datacontenttype: 'application/json',
  data: spec.data,
  cadenzanamespace: scope.namespace,
  cadenzaworkflow: scope.workflowName,
  cadenzaworkflowid: scope.workflowId,
  ...(spec.taskId !== undefined ? { cadenzataskid: spec.taskId } : {}),
  ...(spec.attempt !== undefined ? { cadenzaattempt: spec.attempt } : {}),
});
