import { isLeft } from 'fp-ts/lib/Either';
import { randomUUID } from 'node:crypto';
import { type CadenzaConfig, resolveConfig } from '../config/cadenza-config';
import { createContainer, resolveHistoryStore, resolveTransport } from '../di/create-container';
import { ConfigError } from '../errors/config-error';
import { ClosedError } from '../errors/transport-error';
import { InvalidArgumentsError } from '../errors/invalid-arguments-error';
import { NotRegisteredError } from '../errors/not-registered-error';
import { UnknownQueryError } from '../errors/unknown-query-error';
import { PayloadTooLargeError } from '../errors/payload-too-large-error';
import type { Envelope } from '../model/envelope';
import type { Message, MessageOf } from '../model/messages';
import { CLIENT_ID, createNames } from '../model/names';
import { formatValidationErrors } from '../model/validation-report';
import { systemClock } from '../ports/clock.port';
import { type HistoryStore, MAX_TAG_PAGE_LIMIT, type TagPage, type TagPageOptions } from '../ports/history-store.port';
import { checkTag, checkTags } from '../model/tags';
import { checkEntityName } from '../model/names';
import type { DeliveryHandler, Subscription, Transport } from '../ports/transport.port';
import { createDefaultLogger } from '../support/default-logger';
import { keepTrying, loggableError } from '../worker/keep-trying';
import { resolveReconnectPolicy } from '../worker/worker-options';
import { jsonBytesBound } from '../support/json-bytes-bound';
import { toJson } from '../support/to-json';
import { queriesOf, type Workflow, type WorkflowClass, workflowMethodsOf, workflowNameOf } from '../workflow/workflow';
import type { CadenzaCloudEvent } from '../events/cadenza-cloud-event';
import type { ServiceDefinition } from '../workflow/service-definition';
import type { ChannelCodecs, ChannelValues } from '../workflow/channel';
import type { UpdateHandlers } from '../workflow/channel-updates';
import { noHistoryStore, readTimeline } from './client-history';
import { type DelegatedOutcome, delegatedTaskError, delegatedTaskMessage } from './delegated-tasks';
import type { ClientParts, NewWorkflowOptions } from './client-options';
import { type WorkflowInstanceHandle, withMethodStubs } from './instance-handle';
import { type CompleteTimersOptions, operationsFor, type RetryTasksSelector } from './operations-handle';
import { PendingReplies } from './pending-replies';
import type { WorkflowHandle } from './workflow-handle';
import { DEFAULT_TAG_FAN_OUT_PAGE_SIZE, endedMeanwhile, fanOut, notRetriable, readTagPage, type TagHandle, type TagHandleOptions, tagIds } from './tag-handle';
import type { OperationsHandle } from './operations-handle';
import { schedule, type ScheduleHandle, scheduleHandle } from './schedule-client';
import type { ScheduleOptions } from '../schedule/schedule-options';

/** A workflow's methods as a client calls them: each returns the workflow's result. */
export type WorkflowStub<W> = {
  [K in keyof W as W[K] extends (...args: never[]) => Promise<unknown> ? K : never]: W[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never;
};

/** Starts workflows and talks to running ones. */
export interface Client {
  /** A stub whose awaited method call starts the workflow and returns its result. */
  newWorkflow<W extends Workflow>(workflow: WorkflowClass<W>, options?: NewWorkflowOptions): WorkflowStub<W>;
  /**
   * Starts without waiting, in one call, and resolves with a handle once the request is sent: a new workflow
   * with a method of `newWorkflow`'s stub (`start(stub.wire, 'w1', 'alice', 'bob', 100)`), or a method on a
   * running instance with one of `getById`'s (`start(client.getById(W, id).deposit, 50)`: the handle's
   * `result()` is that method's result). Refusals (an id in use by another start, an unknown instance, a
   * method the class does not have) reject `result()`.
   */
  start<A extends unknown[], R>(method: (...args: A) => Promise<R>, ...args: A): Promise<WorkflowHandle<R>>;
  /** The same as {@link Client.start}, kept under its first name. */
  dispatch<A extends unknown[], R>(method: (...args: A) => Promise<R>, ...args: A): Promise<WorkflowHandle<R>>;
  /**
   * A handle on an instance by id: `result()`, `retry`, `cancel`, `send`, `update`, `history`, `query`, and each
   * workflow method as a call that runs it on this running instance (see {@link WorkflowInstanceHandle}). Its
   * `send` is typed by the class's `static channels` (and checks values against them), its `update` by its handlers.
   */
  getById<K extends WorkflowClass>(workflow: K, workflowId: string): WorkflowInstanceHandle<InstanceType<K>, ChannelValues<K>, UpdateHandlers<K>>;
  /**
   * The timeline of an instance as CloudEvents (the ids a listener sees), from the history store the client
   * was configured with: all events of a running workflow (or of an ended one with `retainHistory`); of an
   * ended workflow whose history was cleared, only the event that ended it, while its outcome is kept.
   * Rejects with `ConfigError` when the client has no history store, `WorkflowUnknownError` for an id with
   * no history and nothing kept, `InvalidNameError` for a name no workflow can have.
   */
  history(workflow: WorkflowClass | string, workflowId: string): Promise<CadenzaCloudEvent[]>;
  /**
   * Completes a task of a delegated method (`delegated: true` in `defineService`) with `result`, by the
   * `taskId` its function got in its task context; resolves once the workflow recorded it. Rejects with
   * `DelegatedTaskUnknownError` when no task waits under that id (not a delegated task id, another method, a
   * round `retry` replaced, a workflow that does not exist or has ended), `DelegatedTaskCompletedError` when
   * the task already has its outcome (the first one stands), `InvalidArgumentsError` when `result` does not
   * match the method's `result` codec (checked when `service` is the definition, not only its name).
   */
  completeDelegatedTask<S>(service: ServiceDefinition<S> | string, taskId: string, result: unknown): Promise<void>;
  /** Fails a delegated task for good (no retry): the workflow's `await` throws `TaskFailedError` with `error` as cause. Rejects as {@link completeDelegatedTask}. */
  failDelegatedTask<S>(service: ServiceDefinition<S> | string, taskId: string, error: Error | string): Promise<void>;
  /**
   * One page of the ids of `workflow`'s running instances started with `tag` (see docs/tags.md), from the
   * history store's tag index: at most `limit` (default 500) ids after `after`, and `next` (pass it as
   * `after`) when more may follow. Failed instances are listed (they can be retried); ended ones are not.
   * An unknown tag is an empty page. Rejects with `InvalidTagError` for a tag that is not one (empty, over 256
   * characters, a control character), `ConfigError` without a history store, `TagsUnsupportedError` when the
   * store keeps no tag index.
   */
  getIds(workflow: WorkflowClass | string, tag: string, options?: TagPageOptions): Promise<TagPage>;
  /**
   * Every running instance of `workflow` with `tag`, as one handle: `send`, `cancel` and `retry` go to each,
   * a page at a time, and answer how many accepted (see {@link TagHandle}); `ids()` lists them. Throws
   * `InvalidTagError` at once for a tag that is not one; the actions reject as {@link Client.getIds}.
   */
  getByTag<K extends WorkflowClass>(workflow: K, tag: string, options?: TagHandleOptions): TagHandle<ChannelValues<K>>;
  /** Runs failed tasks of a running or failed instance again: see {@link OperationsHandle.retryTasks} (also on `getById`'s handle). */
  retryTasks(workflow: WorkflowClass, workflowId: string, selector?: RetryTasksSelector): Promise<string[]>;
  /** Completes pending timers of an instance now: see {@link OperationsHandle.completeTimers} (also on `getById`'s handle). */
  completeTimers(workflow: WorkflowClass, workflowId: string, options?: CompleteTimersOptions): Promise<string[]>;
  /**
   * Runs `workflow.method(...args)` on a schedule (`cron` or `every`, see {@link ScheduleOptions} and
   * docs/schedules.md); needs a worker with `registerSchedules()`. Rejects with `InvalidScheduleError` (which
   * field, and why) for bad options, or for an id in use by another spec; the same spec again gives the handle
   * of the running schedule.
   */
  schedule<W extends Workflow, K extends keyof WorkflowStub<W> & string>(workflow: WorkflowClass<W>, method: K, args: Parameters<WorkflowStub<W>[K]>, options: ScheduleOptions): Promise<ScheduleHandle>;
  /** The handle of the schedule `scheduleId` (nothing is checked until it is used). */
  getSchedule(scheduleId: string): ScheduleHandle;
  /** Closes the client's subscription (and its transport when it created it). */
  close(): Promise<void>;
}

interface StubMethod {
  readonly workflow: WorkflowClass;
  readonly method: string;
  readonly options: NewWorkflowOptions;
  /** The running instance the method runs on (a stub of `getById`); a new instance when absent. */
  readonly instanceId?: string;
}

/** Where a stub method keeps what `dispatch` needs to know about it. */
const STUB = Symbol('cadenza.stub');

const knownMethods = new WeakMap<WorkflowClass, Set<string>>();
const methodsOf = (workflow: WorkflowClass): Set<string> => {
  let methods = knownMethods.get(workflow);
  if (!methods) knownMethods.set(workflow, (methods = new Set(workflowMethodsOf(workflow))));
  return methods;
};

const isParts = (value: unknown): value is ClientParts =>
  typeof value === 'object' && value !== null && typeof (value as ClientParts).transport?.publish === 'function';

/** A client from config (the transport picked by `type`) or from a transport instance. */

/** Marks a promise handled; whoever reads it still gets its failure. */
const ignore = (): undefined => undefined;

export const createClient = (configOrParts: CadenzaConfig | ClientParts = {}): Client => {
  let parts: Omit<ClientParts, 'transport'>;
  let getTransport: () => Promise<Transport>;
  let getHistory = (): Promise<HistoryStore> => Promise.reject(noHistoryStore());
  let closeOwned = async (): Promise<void> => undefined;
  if (isParts(configOrParts)) {
    parts = configOrParts;
    getTransport = async () => configOrParts.transport;
    const given = configOrParts.history;
    if (given) getHistory = async () => given;
  } else {
    // Config and adapter options are checked now; the connection is made on first use.
    const config = resolveConfig(configOrParts);
    const container = createContainer(config, { transport: true, history: config.history !== undefined });
    parts = {
      ...(config.namespace !== undefined ? { namespace: config.namespace } : {}),
      ...(config.maxPayloadBytes !== undefined ? { maxPayloadBytes: config.maxPayloadBytes } : {}),
      ...(config.reconnect !== undefined ? { reconnect: config.reconnect } : {}),
      logger: createDefaultLogger(config.logLevel),
    };
    let connecting: Promise<Transport> | undefined;
    let opening: Promise<HistoryStore> | undefined;
    getTransport = () => (connecting ??= resolveTransport(container));
    if (config.history !== undefined) getHistory = () => (opening ??= resolveHistoryStore(container));
    closeOwned = async () => {
      await Promise.all([connecting?.then((transport) => transport.close()), opening?.then((store) => store.close())]);
    };
  }
  const names = createNames(parts.namespace);
  const clock = parts.clock ?? systemClock;
  const clientId = parts.clientId ?? randomUUID();
  if (!CLIENT_ID.test(clientId)) throw new ConfigError('clientId', 'letters, digits, _ and - (1 to 128)', clientId);
  const replyTopic = names.clientTopic(clientId);
  const maxPayloadBytes = parts.maxPayloadBytes ?? 1_048_576;
  const replies = new PendingReplies(clock);
  const logger = parts.logger ?? createDefaultLogger();
  const reconnect = resolveReconnectPolicy(parts.reconnect, 'client.reconnect');
  const closing = new AbortController();
  let subscription: Promise<Subscription> | undefined;
  let closed = false;

  const onReply: DeliveryHandler = async ({ envelope }) => {
    if (envelope.message.kind === 'WorkflowReply') replies.settle(envelope.message);
  };
  const subscribeReplies = async (): Promise<Subscription> => (await getTransport())
    .subscribe(replyTopic, clientId, onReply, { order: 'none', concurrency: 16, deadLetterTopic: names.deadLetterTopic(), readOnly: true });

  /**
   * Subscribes again, with the `reconnect` backoff, when the reply subscription dies on its own: replies wait in
   * the client's group meanwhile, so no caller hangs. Once it gave up, every pending call rejects with the
   * error and the next call subscribes afresh.
   */
  const watch = (live: Subscription): Subscription => {
    void live.stopped.then((why) => {
      if (why.cause !== 'failed' || closed) return;
      logger.error({ topic: replyTopic, error: loggableError(why.error) }, "the client's reply subscription died; subscribing again");
      const again = keepTrying(`subscribing to ${replyTopic}`, subscribeReplies, { policy: reconnect, logger, signal: closing.signal }).then(watch);
      subscription = again;
      again.catch((error: unknown) => {
        if (closed || subscription !== again) return;
        subscription = undefined;
        replies.rejectAll(error as Error);
      });
    });
    return live;
  };

  const listen = (): Promise<Subscription> => (subscription ??= subscribeReplies().then(watch));

  /**
   * Sends a request answered on our topic: `published` once it is on the transport, `answer` with the reply.
   * A request answered `soon` (cancel, retry, a signal) is bounded by `replyTimeoutMs`; a start and a wait are
   * answered with the workflow's outcome, which may rightly take days.
   */
  const request = (workflowName: string, workflowId: string, message: Message, bound: 'soon' | 'unbounded' = 'soon'): { published: Promise<void>; answer: Promise<unknown> } => {
    if (closed) throw new ClosedError('client');
    const envelope: Envelope = { v: 1, id: randomUUID(), at: clock.now(), message };
    checkSize(envelope, workflowName, workflowId);
    const timeout = bound === 'soon' && parts.replyTimeoutMs !== undefined ? { timeoutMs: parts.replyTimeoutMs } : {};
    const answer = replies.expect(envelope.id, workflowName, workflowId, timeout);
    const published = listen()
      .then(getTransport)
      // The envelope is the client's own (arguments, tags and meta copied when it was made) and never changed again.
      .then((transport) => transport.publish(names.workflowTopic(workflowName), envelope, { key: workflowId, handedOver: true }))
      .catch((error: unknown) => {
        // The answer fails with it too: one promise per request waits, not a second chained on the publish.
        replies.fail(envelope.id, error);
        throw error;
      });
    // A failure waits for whoever reads it; a dispatched workflow nobody awaits must not crash the process.
    // A function of the module's, not a closure here: an answer that waits for days must not hold this call's scope (the envelope).
    answer.catch(ignore);
    published.catch(ignore);
    return { published, answer };
  };

  const checkSize = (envelope: Envelope, workflowName: string, workflowId: string): void => {
    const bytes = jsonBytesBound(envelope, maxPayloadBytes);
    if (bytes > maxPayloadBytes) throw new PayloadTooLargeError(`request to ${workflowName} ${workflowId}`, bytes, maxPayloadBytes);
  };

  /** Waits in flight, by workflow: many `result()` calls on one workflow share one request, one waiter, one reply. */
  const waits = new Map<string, Promise<unknown>>();
  const wait = (workflowName: string, workflowId: string): Promise<unknown> => {
    const key = JSON.stringify([workflowName, workflowId]);
    let answer = waits.get(key);
    if (!answer) {
      answer = request(workflowName, workflowId, { kind: 'WaitWorkflow', workflowName, workflowId, replyTo: replyTopic }, 'unbounded').answer;
      waits.set(key, answer);
      const forget = () => waits.delete(key);
      void answer.then(forget, forget);
    }
    return answer;
  };

  const handle = <R>(workflowName: string, workflowId: string, started?: Promise<unknown>, channels?: ChannelCodecs): WorkflowHandle<R> => ({
    workflowName,
    workflowId,
    result: () => (started ?? wait(workflowName, workflowId)) as Promise<R>,
    retry: async () => void (await request(workflowName, workflowId, { kind: 'RetryWorkflow', workflowName, workflowId, replyTo: replyTopic }).answer),
    cancel: async (reason = 'canceled by a client') =>
      void (await request(workflowName, workflowId, { kind: 'CancelWorkflow', workflowName, workflowId, reason, replyTo: replyTopic }).answer),
    send: async (channel, value) => {
      checkSignal(workflowName, channels, channel, value);
      await request(workflowName, workflowId, { kind: 'SendSignal', workflowName, workflowId, channel, value: toJson(value), replyTo: replyTopic }).answer;
    },
    update: (async (name: string, value?: unknown) =>
      request(workflowName, workflowId, { kind: 'UpdateWorkflow', workflowName, workflowId, name, value: toJson(value ?? null), replyTo: replyTopic }, 'unbounded').answer) as WorkflowHandle['update'],
    history: () => history(workflowName, workflowId),
  });

  const history = async (workflowName: string, workflowId: string): Promise<CadenzaCloudEvent[]> => {
    if (closed) throw new ClosedError('client');
    return readTimeline(await getHistory(), names, workflowName, workflowId);
  };

  const start = (stub: StubMethod, args: unknown[]): { workflowName: string; workflowId: string; published: Promise<void>; answer: Promise<unknown> } => {
    const workflowName = workflowNameOf(stub.workflow);
    const codecs = stub.workflow.methods?.[stub.method];
    if (codecs?.args) {
      const decoded = codecs.args.decode(args);
      if (isLeft(decoded)) throw new InvalidArgumentsError(`${workflowName}.${stub.method}`, formatValidationErrors(decoded.left, 'args'));
    }
    if (stub.instanceId !== undefined) {
      const method: MessageOf<'RunMethod'> = { kind: 'RunMethod', workflowName, workflowId: stub.instanceId, method: stub.method, args: toJson(args) as unknown[], replyTo: replyTopic };
      return { workflowName, workflowId: stub.instanceId, ...request(workflowName, stub.instanceId, method, 'unbounded') };
    }
    const workflowId = stub.options.id ?? randomUUID();
    const run: RunWorkflow = {
      kind: 'RunWorkflow', workflowName, workflowId, method: stub.method, args: toJson(args) as unknown[],
      tags: checkTags(stub.options.tags ?? [], 'tags'), meta: { ...(stub.options.meta ?? {}) }, replyTo: replyTopic,
    };
    return { workflowName, workflowId, ...request(workflowName, workflowId, run, 'unbounded') };
  };

  const delegated = async (service: ServiceDefinition<unknown> | string, taskId: string, outcome: DelegatedOutcome): Promise<void> => {
    const message = delegatedTaskMessage(service, taskId, outcome, replyTopic);
    try {
      await request(message.workflowName, message.workflowId, message).answer;
    } catch (error) {
      throw delegatedTaskError(message, error);
    }
  };

  const stubMethod = (stub: StubMethod) => Object.assign(async (...args: unknown[]) => start(stub, args).answer, { [STUB]: stub });

  const startWithoutWaiting = async <R>(method: object, args: unknown[]): Promise<WorkflowHandle<R>> => {
    const stub = (method as { [STUB]?: StubMethod })[STUB];
    if (!stub) throw new TypeError('start takes a method of a stub from client.newWorkflow(...) or client.getById(...), e.g. start(stub.wire, ...args)');
    const started = start(stub, args);
    await started.published;
    return handle<R>(started.workflowName, started.workflowId, started.answer, stub.workflow.channels);
  };

  const query = async (workflow: WorkflowClass, workflowId: string, name: string, args: unknown[]): Promise<unknown> => {
    const workflowName = workflowNameOf(workflow);
    const queries = queriesOf(workflow);
    if (!queries.includes(name)) throw new UnknownQueryError(workflowName, name, [...queries]);
    return request(workflowName, workflowId, { kind: 'QueryWorkflow', workflowName, workflowId, query: name, args: toJson(args) as unknown[], replyTo: replyTopic }).answer;
  };

  const tagPage = async (workflowName: string, tag: string, options: TagPageOptions = {}): Promise<TagPage> => {
    if (closed) throw new ClosedError('client');
    checkEntityName(workflowName, 'workflowName');
    checkTag(tag, 'tag');
    return readTagPage(await getHistory(), names.tagScope(workflowName), tag, options);
  };

  const byTag = <C>(workflow: WorkflowClass, tag: string, options: TagHandleOptions): TagHandle<C> => {
    const workflowName = workflowNameOf(workflow);
    checkTag(tag, 'tag');
    const pageSize = options.pageSize ?? DEFAULT_TAG_FAN_OUT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_TAG_PAGE_LIMIT) throw new ConfigError('getByTag.pageSize', `an integer from 1 to ${MAX_TAG_PAGE_LIMIT}`, pageSize);
    const pages = () => tagIds((page) => tagPage(workflowName, tag, page), pageSize);
    const one = (workflowId: string) => handle(workflowName, workflowId, undefined, workflow.channels);
    return {
      workflowName,
      tag,
      ids: async function* () {
        for await (const ids of pages()) yield* ids;
      },
      send: async (channel, value) => {
        // A value its channel refuses is refused once, before anything is sent.
        checkSignal(workflowName, workflow.channels, channel, value);
        return fanOut(pages(), (id) => one(id).send(channel, value as never), endedMeanwhile);
      },
      cancel: (reason) => fanOut(pages(), (id) => one(id).cancel(reason), endedMeanwhile),
      retry: () => fanOut(pages(), (id) => one(id).retry(), notRetriable),
    };
  };

  const operations = (workflow: WorkflowClass, workflowId: string): OperationsHandle => {
    const workflowName = workflowNameOf(workflow);
    return operationsFor(workflowName, workflowId, replyTopic, (message) => request(workflowName, workflowId, message).answer);
  };

  const client: Client = {
    newWorkflow<W extends Workflow>(workflow: WorkflowClass<W>, options: NewWorkflowOptions = {}): WorkflowStub<W> {
      const methods = methodsOf(workflow);
      return new Proxy({} as WorkflowStub<W>, {
        get: (_, method) => {
          if (typeof method !== 'string' || method === 'then') return undefined;
          if (!methods.has(method)) throw new NotRegisteredError('method', `${workflowNameOf(workflow)}.${method}`, [...methods]);
          return stubMethod({ workflow, method, options });
        },
      });
    },
    start<A extends unknown[], R>(method: (...args: A) => Promise<R>, ...args: A): Promise<WorkflowHandle<R>> {
      return startWithoutWaiting<R>(method, args);
    },
    dispatch<A extends unknown[], R>(method: (...args: A) => Promise<R>, ...args: A): Promise<WorkflowHandle<R>> {
      return startWithoutWaiting<R>(method, args);
    },
    getById<K extends WorkflowClass>(workflow: K, workflowId: string): WorkflowInstanceHandle<InstanceType<K>, ChannelValues<K>, UpdateHandlers<K>> {
      const base = {
        ...handle(workflowNameOf(workflow), workflowId, undefined, workflow.channels), query: (name: string, ...args: unknown[]) => query(workflow, workflowId, name, args),
        ...operations(workflow, workflowId),
      };
      return withMethodStubs(base as never, methodsOf(workflow), (method) => stubMethod({ workflow, method, options: { id: workflowId }, instanceId: workflowId }));
    },
    history(workflow, workflowId) {
      return history(typeof workflow === 'string' ? workflow : workflowNameOf(workflow), workflowId);
    },
    getIds: (workflow, tag, options) => tagPage(typeof workflow === 'string' ? workflow : workflowNameOf(workflow), tag, options),
    getByTag: <K extends WorkflowClass>(workflow: K, tag: string, options: TagHandleOptions = {}) => byTag<ChannelValues<K>>(workflow, tag, options),
    retryTasks: (workflow, workflowId, selector) => operations(workflow, workflowId).retryTasks(selector),
    completeTimers: (workflow, workflowId, options) => operations(workflow, workflowId).completeTimers(options),
    completeDelegatedTask: (service, taskId, result) => delegated(service as ServiceDefinition<unknown> | string, taskId, { status: 'completed', result }),
    failDelegatedTask: (service, taskId, error) => delegated(service as ServiceDefinition<unknown> | string, taskId, { status: 'failed', error }),
    schedule: (workflow, method, args, options) => schedule(client, workflow as WorkflowClass, method, args as unknown[], options),
    getSchedule: (scheduleId) => scheduleHandle(client, scheduleId),
    async close() {
      closed = true;
      closing.abort();
      replies.rejectAll(new ClosedError('client'));
      if (subscription) await subscription.then((live) => live.close(), () => undefined);
      await closeOwned();
    },
  };
  return client;
};

type RunWorkflow = MessageOf<'RunWorkflow'>;

/** A value of the wrong shape for a declared channel is refused before it is sent, with io-ts's report. */
const checkSignal = (workflowName: string, channels: ChannelCodecs | undefined, channel: string, value: unknown): void => {
  const codec = channels?.[channel];
  if (!codec) return;
  const decoded = codec.decode(value);
  if (isLeft(decoded)) throw new InvalidArgumentsError(`${workflowName} channel ${channel}`, formatValidationErrors(decoded.left, 'value'));
};
