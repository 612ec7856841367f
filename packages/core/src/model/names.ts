import { ConfigError } from '../errors/config-error';

/**
 * Every topic and stream name comes from here. A namespace keeps deployments (and test runs) apart on a
 * shared broker; topic names use only `[A-Za-z0-9._-]` so every broker accepts them.
 */
export interface Names {
  readonly namespace: string;
  workflowTopic(workflowName: string): string;
  serviceTopic(serviceName: string): string;
  clientTopic(clientId: string): string;
  deadLetterTopic(): string;
  eventsTopic(): string;
  /** `<ns>.<Workflow>-<id>`, with `-` and `~` in the workflow name escaped by `~`: one stream per pair. */
  workflowStream(workflowName: string, workflowId: string): string;
  workflowGroup(workflowName: string): string;
  serviceGroup(serviceName: string): string;
  /** The group of the workers' dead-letter routers (one group: each dead letter is routed once). */
  deadLetterRouterGroup(): string;
}

const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The names of a namespace; `cadenza` is the default namespace. Throws `ConfigError` for one no broker accepts. */
export const createNames = (namespace = 'cadenza'): Names => {
  if (!NAMESPACE.test(namespace)) throw new ConfigError('namespace', 'letters, digits, _ and - (1 to 64, starting with a letter or digit)', namespace);
  return namesOf(namespace);
};

const namesOf = (namespace: string): Names => ({
  namespace,
  workflowTopic: (name) => `${namespace}.workflow.${name}`,
  serviceTopic: (name) => `${namespace}.service.${name}`,
  clientTopic: (clientId) => `${namespace}.client.${clientId}`,
  deadLetterTopic: () => `${namespace}.dead-letter`,
  eventsTopic: () => `${namespace}.events`,
  workflowStream: (name, id) => `${namespace}.${escapeStreamPart(name)}-${id}`,
  workflowGroup: (name) => `${namespace}.workflow-engine.${name}`,
  serviceGroup: (name) => `${namespace}.service-executor.${name}`,
  deadLetterRouterGroup: () => `${namespace}.dead-letter-router`,
});

/**
 * A workflow name as the first part of a stream name: `-` (the separator) is written `~-` and `~` is
 * written `~~`, so the first bare `-` always ends the name and `Order-eu`/`1` never meets `Order`/`eu-1`.
 * A name without either (the common case) is left as it is, so its streams keep the names they had.
 */
const escapeStreamPart = (name: string): string => (/[-~]/.test(name) ? name.replace(/[-~]/g, '~$&') : name);

/**
 * The id of the task at step `seq` of a workflow: `<workflowId>:<seq>`. It stays the same across automatic
 * retries and across `retry` of the workflow, so services can use it as an idempotency key.
 */
export const taskId = (workflowId: string, seq: number): string => `${workflowId}:${seq}`;

/** The envelope id of one attempt of a task: unique per attempt and per `retry` round, and deterministic. */
export const taskAttemptId = (task: string, retry: number, attempt: number): string => `${task}:r${retry}#${attempt}`;
