import { ConfigError } from '../errors/config-error';
import { InvalidNameError } from '../errors/invalid-name-error';
import { uuidFrom } from '../support/uuid-from';

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
  /** `<ns>.<Workflow>`: the scope of a workflow's ids in the history store's tag index. */
  tagScope(workflowName: string): string;
  workflowGroup(workflowName: string): string;
  serviceGroup(serviceName: string): string;
  /** The group of the workers' dead-letter routers (one group: each dead letter is routed once). */
  deadLetterRouterGroup(): string;
  /**
   * `topic` if it is a client topic of this namespace (`<ns>.client.<id>`, the id as {@link CLIENT_ID}); a
   * `replyTo` from a message is checked with it before anything is published there.
   * @throws InvalidNameError naming `field` for anything else: another namespace's topic, `../x`, control
   *   characters, a name too long.
   */
  replyTopic(topic: unknown, field: string): string;
}

const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** A workflow or service name, as `defineService` and `workflowNameOf` allow it, at most 128 characters. */
export const ENTITY_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;
/** A client id, as `createClient` allows it. */
export const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** The last name {@link checkEntityName} accepted: a worker sees the same few names on every message. */
let lastGoodEntityName: string | undefined;

/**
 * `name` if it can name a workflow or service topic ({@link ENTITY_NAME}); names taken from messages (a parent
 * workflow, the workflow a task answers to) are checked with it before a topic is derived from them.
 * @throws InvalidNameError naming `field`.
 */
export const checkEntityName = (name: unknown, field: string): string => {
  if (typeof name === 'string' && (name === lastGoodEntityName || ENTITY_NAME.test(name))) return (lastGoodEntityName = name);
  throw new InvalidNameError(field, 'a workflow or service name: a letter, then letters, digits, _ and - (at most 128)', name);
};

/** The names of a namespace; `cadenza` is the default namespace. Throws `ConfigError` for one no broker accepts. */
export const createNames = (namespace = 'cadenza'): Names => {
  if (!NAMESPACE.test(namespace)) throw new ConfigError('namespace', 'letters, digits, _ and - (1 to 64, starting with a letter or digit)', namespace);
  return namesOf(namespace);
};

/**
 * `name` as `of` derives it, the last answer kept: a worker asks for the same few topics on every message, and
 * handing back the one string (not a new one joined each time) lets a transport's map of topics find it by the
 * hash the string already holds, instead of flattening and hashing a fresh one per publish.
 */
const lastAnswerOf = (of: (name: string) => string): ((name: string) => string) => {
  let asked: string | undefined;
  let answer = '';
  return (name) => {
    if (name !== asked) {
      answer = of(name);
      asked = name;
    }
    return answer;
  };
};

/** A name that never changes, made once. */
const constant = (name: string): (() => string) => () => name;

const namesOf = (namespace: string): Names => ({
  namespace,
  workflowTopic: lastAnswerOf((name) => `${namespace}.workflow.${name}`),
  serviceTopic: lastAnswerOf((name) => `${namespace}.service.${name}`),
  clientTopic: lastAnswerOf((clientId) => `${namespace}.client.${clientId}`),
  deadLetterTopic: constant(`${namespace}.dead-letter`),
  eventsTopic: constant(`${namespace}.events`),
  workflowStream: (name, id) => `${namespace}.${escapeStreamPart(name)}-${id}`,
  tagScope: (name) => `${namespace}.${name}`,
  workflowGroup: (name) => `${namespace}.workflow-engine.${name}`,
  serviceGroup: (name) => `${namespace}.service-executor.${name}`,
  deadLetterRouterGroup: () => `${namespace}.dead-letter-router`,
  replyTopic: (topic, field) => {
    const prefix = `${namespace}.client.`;
    if (typeof topic === 'string' && topic.startsWith(prefix) && CLIENT_ID.test(topic.slice(prefix.length))) return topic;
    throw new InvalidNameError(field, `a client topic of namespace ${namespace} (${prefix}<id>, the id letters, digits, _ and -, at most 128)`, topic);
  },
});

/**
 * Checks every field of `message` that a topic is derived from: `replyTo` (a client topic of this namespace), the
 * `parent` workflow's name, and the `workflowName` a task's outcome goes to. The engine and the service worker
 * call it on each delivery before they publish anything, and dead-letter the message with the error it returns.
 * @returns the {@link InvalidNameError} of the first bad field, or `undefined` when every field is good.
 */
export const invalidTopicField = (message: object, names: Names): InvalidNameError | undefined => {
  const fields = message as { kind?: unknown; replyTo?: unknown; parent?: { workflowName?: unknown }; workflowName?: unknown };
  try {
    if (fields.replyTo !== undefined) names.replyTopic(fields.replyTo, 'message.replyTo');
    if (fields.parent !== undefined) checkEntityName(fields.parent.workflowName, 'message.parent.workflowName');
    if (fields.kind === 'ExecuteTask') checkEntityName(fields.workflowName, 'message.workflowName');
    return undefined;
  } catch (error) {
    if (error instanceof InvalidNameError) return error;
    throw error;
  }
};

/** The last name {@link escapeStreamPart} was asked for, and its answer. */
let lastEscaped = { name: '', escaped: '' };

/**
 * A workflow name as the first part of a stream name: `-` (the separator) is written `~-` and `~` is
 * written `~~`, so the first bare `-` always ends the name and `Order-eu`/`1` never meets `Order`/`eu-1`.
 * A name without either (the common case) is left as it is, so its streams keep the names they had.
 */
const escapeStreamPart = (name: string): string => {
  // Every message of an engine asks for its one workflow name: the last answer is kept.
  if (name !== lastEscaped.name) lastEscaped = { name, escaped: /[-~]/.test(name) ? name.replace(/[-~]/g, '~$&') : name };
  return lastEscaped.escaped;
};

/**
 * The id of the task at step `seq` of a workflow: `<workflowId>:<seq>`. It stays the same across automatic
 * retries and across `retry` of the workflow, so services can use it as an idempotency key.
 */
export const taskId = (workflowId: string, seq: number): string => `${workflowId}:${seq}`;

/** The envelope id of one attempt of a task: unique per attempt and per `retry` round, and deterministic. */
export const taskAttemptId = (task: string, retry: number, attempt: number): string => `${task}:r${retry}#${attempt}`;

/** The envelope id of a task's outcome, sent by the service worker: one per task and `retry` round, whatever the attempt. */
export const taskOutcomeId = (task: string, retry: number, outcome: 'completed' | 'failed'): string => `${task}:r${retry}:${outcome}`;

/** True for an id {@link taskOutcomeId} makes: a service's answer, never a client's request (a delegated completion). */
export const isTaskOutcomeId = (id: string): boolean => /:r\d+:(completed|failed)$/.test(id);

/**
 * The run of a workflow instance: a UUID derived from its name, id, and the id and time of the message that
 * started it. Two runs under one reused custom id (the first one ended and was swept) get different runs, so
 * the ids of their events never meet; every engine that loads the history derives the same run again.
 */
export const workflowRunId = (workflowName: string, workflowId: string, start: { causationId: string; at: number }, continued?: number): string =>
  uuidFrom(`${workflowName}/${workflowId}/${start.causationId}@${start.at}${continued === undefined ? '' : `#${continued}`}`);

/**
 * The envelope id of the `WorkflowEvents` that carries a step's history events from `firstIndex` on: the same
 * for every re-publish of that step, and distinct across steps and runs.
 */
export const workflowEventsId = (workflowId: string, run: string, firstIndex: number): string => `${workflowId}:events:${run}:${firstIndex}`;

/** The envelope id of the `TaskAttemptFailed` of one attempt: that attempt's envelope id, with the run when known. */
export const taskAttemptFailedId = (attemptId: string, run: string | undefined): string =>
  `${attemptId}:attempt-failed${run === undefined ? '' : `:${run}`}`;
