import { CadenzaSchedule } from '../schedule/schedule-workflow';
import { type CadenzaConfig, resolveConfig } from '../config/cadenza-config';
import { createContainer, resolveHistoryStore, resolveTransport } from '../di/create-container';
import { WorkflowEngine } from '../engine/workflow-engine';
import { WorkflowVersions } from '../engine/workflow-versions';
import { resolveRecheckPolicy } from '../engine/recheck-policy';
import { createNames } from '../model/names';
import { systemClock } from '../ports/clock.port';
import { DEFAULT_MAX_DELIVERIES, resolveFailurePolicy } from '../ports/redelivery-policy';
import type { SubscribeOptions, Subscription } from '../ports/transport.port';
import { resolveRetryPolicy } from '../service/retry-policy';
import { resolveAttemptTimeouts } from '../service/attempt-timeout';
import { ServiceExecutor } from '../service/service-executor';
import { resolveServiceBatches, warnOfUnfillableBatches } from '../service/service-batches';
import { createDefaultLogger } from '../support/default-logger';
import { ClosedError } from '../errors/transport-error';
import { DeadLetterRouter } from './dead-letter-router';
import { keepTrying, loggableError } from './keep-trying';
import { OutcomeSweeper } from './outcome-sweeper';
import type { ServiceDefinition, ServiceImplementation } from '../workflow/service-definition';
import type { ServiceImplementationWithContext } from '../service/task-context';
import { type WorkflowClass, workflowNameOf } from '../workflow/workflow';
import { DEFAULT_PUBLISH_EVENTS, DEFAULT_SERVICE_CONCURRENCY, type RegisterServiceOptions, type RegisterWorkflowOptions, resolveOutcomeRetention, resolveReconnectPolicy, type WorkerParts } from './worker-options';

/** Runs workflow engines and service executors; register what it runs, then `start()`. */
export interface Worker {
  registerWorkflow(workflow: WorkflowClass, options?: RegisterWorkflowOptions): this;
  /** Registers the built-in workflow that runs schedules (`CadenzaSchedule`, see `client.schedule`). */
  registerSchedules(options?: RegisterWorkflowOptions): this;
  registerService<S>(service: ServiceDefinition<S>, implementation: ServiceImplementation<S>, options?: RegisterServiceOptions<S> & { readonly context?: undefined }): this;
  /** The same, with each method taking its task context as its first argument (see {@link RegisterServiceOptions.context}). */
  registerService<S>(service: ServiceDefinition<S>, implementation: ServiceImplementationWithContext<S>, options: RegisterServiceOptions<S> & { readonly context: 'argument' }): this;
  /** Connects (trying again with backoff while a broker is not up, see `reconnect`) and subscribes every
   *  registered workflow and service; resolves once all consumers are attached, rejects once it gave up. */
  start(): Promise<void>;
  /** Stops consuming after the messages in flight are handled; closes adapters the worker created. */
  stop(): Promise<void>;
  /** Forgets live workflow instances (they replay from history on their next message). */
  clearCache(): void;
  /**
   * Settles once the worker has stopped for good, and never rejects: `{ cause: 'stopped' }` after `stop()`,
   * `{ cause: 'fatal', error }` when it gave up: `start()` could not connect within `reconnect.giveUpAfterMs`,
   * or a subscription died and could not be made again in that time (at once with `resubscribe: false`). A
   * fatal worker has closed everything; a process running one should exit non-zero so that it is restarted.
   */
  readonly stopped: Promise<WorkerStopped>;
}

/** Why a worker stopped: see {@link Worker.stopped}. */
export type WorkerStopped = { readonly cause: 'stopped' } | { readonly cause: 'fatal'; readonly error: Error };

type Adapters = Pick<WorkerParts, 'transport' | 'history'>;
/** Makes one subscription to `topic`; called again when it died. */
interface Subscribe {
  readonly topic: string;
  readonly subscribe: () => Promise<Subscription>;
}

const isParts = (value: unknown): value is WorkerParts =>
  typeof value === 'object' && value !== null && typeof (value as WorkerParts).transport?.publish === 'function';

/**
 * A worker from config (adapters picked by `type`, see `CadenzaConfig`) or from adapter instances.
 * @example
 * const worker = createWorker({ transport: { type: 'kafka', brokers: ['127.0.0.1:9092'] }, history: { type: 'postgres', … } })
 *   .registerWorkflow(BankWorkflow).registerService(BankService, bank);
 * await worker.start();
 */
export const createWorker = (configOrParts: CadenzaConfig | WorkerParts = {}): Worker => {
  let settings: Omit<WorkerParts, 'transport' | 'history'>;
  let adapters: () => Promise<Pick<WorkerParts, 'transport' | 'history'>>;
  let owned = false;
  if (isParts(configOrParts)) {
    settings = configOrParts;
    adapters = async () => configOrParts;
  } else {
    // Config and adapter options are checked now; connections are made by start().
    const config = resolveConfig(configOrParts);
    createContainer(config, { transport: true, history: true }); // checks the adapters' options now
    settings = { ...pick(config), logger: createDefaultLogger(config.logLevel) };
    adapters = () => connectAdapters(config);
    owned = true;
  }
  const names = createNames(settings.namespace);
  const clock = settings.clock ?? systemClock;
  const logger = settings.logger ?? createDefaultLogger();
  const maxDeliveries = settings.maxDeliveries ?? DEFAULT_MAX_DELIVERIES;
  const failurePolicy: Pick<SubscribeOptions, 'maxDeliveries' | 'redelivery' | 'deadLetterTopic'> = {
    maxDeliveries, deadLetterTopic: names.deadLetterTopic(), ...(settings.redelivery ? { redelivery: settings.redelivery } : {}),
  };
  resolveFailurePolicy(failurePolicy, 'config'); // a bad policy fails here, at creation, not at start()
  const maxPayloadBytes = settings.maxPayloadBytes ?? 1_048_576;
  const publishEvents = settings.events?.publish ?? DEFAULT_PUBLISH_EVENTS;
  const reconnect = resolveReconnectPolicy(settings.reconnect);
  const retention = resolveOutcomeRetention(settings);
  const recheck = resolveRecheckPolicy(settings.recheckBlocked);
  /** The classes registered under each workflow name: one engine per name runs them all. */
  const workflowVersions = new Map<string, WorkflowVersions>();
  let sweeper: OutcomeSweeper | undefined;
  const starters: Array<(parts: Adapters) => Subscribe> = [];
  const engines: WorkflowEngine[] = [];
  const executors: ServiceExecutor[] = [];
  const registered = new Set<string>();
  const subscriptions = new Set<Subscription>();
  const stopping = new AbortController();
  let running: Adapters | undefined;
  let started = false;
  let settle!: (stopped: WorkerStopped) => void;
  const stopped = new Promise<WorkerStopped>((resolve) => (settle = resolve));
  const trying = { policy: reconnect, logger, signal: stopping.signal };

  const routeDeadLetters = ({ transport }: Adapters): Subscribe => {
    const router = new DeadLetterRouter({ transport, names, clock, logger });
    const topic = names.deadLetterTopic();
    return { topic, subscribe: () => transport.subscribe(topic, names.deadLetterRouterGroup(), router.handle, { order: 'none', concurrency: 16, ...failurePolicy }) };
  };

  const claim = (kind: string, name: string) => {
    if (started) throw new Error(`register ${kind} ${name} before start()`);
    if (registered.has(`${kind}:${name}`)) throw new Error(`${kind} ${name} is registered twice`);
    registered.add(`${kind}:${name}`);
  };

  const shutdown = async (): Promise<void> => {
    stopping.abort();
    await sweeper?.stop();
    for (const executor of executors) executor.stop(); // partial batches run now, not after their maxMs
    await Promise.all([...subscriptions].map((s) => s.close()));
    subscriptions.clear();
    if (owned && running) await Promise.all([running.transport.close(), running.history.close()]);
  };

  /** Gave up: close everything and say so; the process should exit non-zero. */
  const fatal = async (error: Error): Promise<void> => {
    if (stopping.signal.aborted) return;
    logger.error({ error: loggableError(error) }, 'worker is fatal: it stopped consuming and closed its adapters');
    await shutdown().catch(() => undefined);
    settle({ cause: 'fatal', error });
  };

  /** Subscribes (trying again with backoff), and once more each time the subscription dies on its own. */
  const keepSubscribed = async (starter: Subscribe): Promise<void> => {
    const what = `subscribing to ${starter.topic}`;
    const subscription = await keepTrying(what, starter.subscribe, trying);
    if (stopping.signal.aborted) { // stop() came while it subscribed: it must not go on consuming
      await subscription.close();
      throw new ClosedError('worker');
    }
    subscriptions.add(subscription);
    void subscription.stopped.then(async (why) => {
      subscriptions.delete(subscription);
      if (why.cause === 'closed' || stopping.signal.aborted) return;
      logger.error({ what, error: loggableError(why.error) }, settings.resubscribe === false
        ? 'subscription failed; resubscribe is off' : 'subscription failed; subscribing again');
      if (settings.resubscribe === false) return fatal(why.error);
      await keepSubscribed(starter).catch((error: Error) => fatal(error));
    });
  };

  const worker: Worker = {
    stopped,
    registerWorkflow(workflow, options = {}) {
      const name = workflowNameOf(workflow);
      const registration = { ...(options.version !== undefined ? { version: options.version } : {}), ...(options.replayCheck !== undefined ? { replayCheck: options.replayCheck } : {}) };
      const known = workflowVersions.get(name);
      if (known) {
        if (started) throw new Error(`register workflow ${name} before start()`);
        known.add(workflow, registration);
        return worker;
      }
      claim('workflow', name);
      const versions = new WorkflowVersions(name).add(workflow, registration);
      workflowVersions.set(name, versions);
      starters.push(({ transport, history }) => {
        const engine = new WorkflowEngine({
          versions, ...(recheck ? { recheck } : {}), transport, history, names, clock, logger,
          cacheSize: settings.cacheSize ?? 10_000, retainHistory: settings.retainHistory ?? false, outcomeRetentionMs: retention.retentionMs, publishEvents,
        });
        engines.push(engine);
        const topic = names.workflowTopic(name);
        return { topic, subscribe: () => transport.subscribe(topic, names.workflowGroup(name), engine.handle, {
          order: 'per-key', concurrency: options.concurrency ?? settings.workflowConcurrency ?? 256, ...failurePolicy, readOnly: true,
        }) };
      });
      return worker;
    },
    registerSchedules(options = {}) {
      return worker.registerWorkflow(CadenzaSchedule, options);
    },
    registerService(service, implementation, options = {}) {
      claim('service', service.serviceName);
      const retry = resolveRetryPolicy(options.retry, `${service.serviceName}.retry`);
      const methodRetry = Object.fromEntries(Object.entries(options.methods ?? {}).map(([method, o]) =>
        [method, resolveRetryPolicy({ ...options.retry, ...(o as { retry?: object } | undefined)?.retry }, `${service.serviceName}.methods.${method}.retry`)]));
      const timeouts = resolveAttemptTimeouts(service.serviceName, options.timeoutMs, options.methods as Record<string, { timeoutMs?: number } | undefined>);
      const batch = resolveServiceBatches(service as ServiceDefinition<unknown>, implementation as object, options.batch);
      warnOfUnfillableBatches(service.serviceName, batch, options.concurrency ?? DEFAULT_SERVICE_CONCURRENCY, logger);
      starters.push(({ transport }) => {
        const executor = new ServiceExecutor({
          definition: service as ServiceDefinition<unknown>, implementation: implementation as object, retry, methodRetry,
          transport, names, clock, logger, maxPayloadBytes, publishEvents, timeouts, ...(options.context === 'argument' ? { context: 'argument' as const } : {}), batch,
        });
        executors.push(executor);
        const topic = names.serviceTopic(service.serviceName);
        return { topic, subscribe: () => transport.subscribe(topic, names.serviceGroup(service.serviceName), executor.handle, {
          order: 'none', concurrency: options.concurrency ?? DEFAULT_SERVICE_CONCURRENCY, ...failurePolicy, readOnly: true,
        }) };
      });
      return worker;
    },
    async start() {
      if (started) return;
      if (starters.length === 0) throw new Error('nothing to run: register a workflow or a service before start()');
      started = true;
      try {
        const parts = await keepTrying('connecting the worker', adapters, trying);
        if (stopping.signal.aborted) { // stop() came while it connected: close what it made
          if (owned) await Promise.all([parts.transport.close(), parts.history.close()]);
          throw new ClosedError('worker');
        }
        running = parts;
        const routers = settings.routeDeadLetters === false ? [] : [routeDeadLetters];
        await Promise.all([...starters, ...routers].map((starter) => keepSubscribed(starter(parts))));
        if (engines.length > 0 && !stopping.signal.aborted) {
          sweeper = new OutcomeSweeper({ history: parts.history, clock, logger, periodMs: retention.sweepPeriodMs });
          sweeper.start();
        }
      } catch (error) {
        await fatal(error as Error);
        throw error;
      }
    },
    async stop() {
      if (stopping.signal.aborted) return;
      await shutdown();
      settle({ cause: 'stopped' });
    },
    clearCache() {
      for (const engine of engines) engine.clearCache();
    },
  };
  return worker;
};

/** Connects both adapters from a fresh container (one whose connect failed may keep the failure); on a
 *  failure, closes the one that did connect. */
const connectAdapters = async (config: CadenzaConfig): Promise<Adapters> => {
  const container = createContainer(config, { transport: true, history: true });
  const [transport, history] = await Promise.allSettled([resolveTransport(container), resolveHistoryStore(container)]);
  if (transport.status === 'fulfilled' && history.status === 'fulfilled') return { transport: transport.value, history: history.value };
  await Promise.allSettled([
    transport.status === 'fulfilled' ? transport.value.close() : undefined,
    history.status === 'fulfilled' ? history.value.close() : undefined,
  ]);
  throw transport.status === 'rejected' ? transport.reason : (history as PromiseRejectedResult).reason;
};

const pick = (config: CadenzaConfig) => ({
  ...(config.namespace !== undefined ? { namespace: config.namespace } : {}),
  ...(config.cacheSize !== undefined ? { cacheSize: config.cacheSize } : {}),
  ...(config.retainHistory !== undefined ? { retainHistory: config.retainHistory } : {}),
  ...(config.outcomeRetentionMs !== undefined ? { outcomeRetentionMs: config.outcomeRetentionMs } : {}),
  ...(config.outcomeSweepPeriodMs !== undefined ? { outcomeSweepPeriodMs: config.outcomeSweepPeriodMs } : {}),
  ...(config.workflowConcurrency !== undefined ? { workflowConcurrency: config.workflowConcurrency } : {}),
  ...(config.maxPayloadBytes !== undefined ? { maxPayloadBytes: config.maxPayloadBytes } : {}),
  ...(config.maxDeliveries !== undefined ? { maxDeliveries: config.maxDeliveries } : {}),
  ...(config.redelivery !== undefined ? { redelivery: config.redelivery } : {}),
  ...(config.routeDeadLetters !== undefined ? { routeDeadLetters: config.routeDeadLetters } : {}),
  ...(config.reconnect !== undefined ? { reconnect: config.reconnect } : {}),
  ...(config.events !== undefined ? { events: config.events } : {}),
  ...(config.resubscribe !== undefined ? { resubscribe: config.resubscribe } : {}),
  ...(config.recheckBlocked !== undefined ? { recheckBlocked: config.recheckBlocked } : {}),
});
