import { type CadenzaConfig, resolveConfig } from '../config/cadenza-config';
import { createContainer, resolveHistoryStore, resolveTransport } from '../di/create-container';
import { WorkflowEngine } from '../engine/workflow-engine';
import { createNames } from '../model/names';
import { systemClock } from '../ports/clock.port';
import { DEFAULT_MAX_DELIVERIES, resolveFailurePolicy } from '../ports/redelivery-policy';
import type { SubscribeOptions, Subscription } from '../ports/transport.port';
import { resolveRetryPolicy } from '../service/retry-policy';
import { ServiceExecutor } from '../service/service-executor';
import { createDefaultLogger } from '../support/default-logger';
import { DeadLetterRouter } from './dead-letter-router';
import { OutcomeSweeper } from './outcome-sweeper';
import type { ServiceDefinition, ServiceImplementation } from '../workflow/service-definition';
import { type WorkflowClass, workflowNameOf } from '../workflow/workflow';
import { type RegisterServiceOptions, type RegisterWorkflowOptions, resolveOutcomeRetention, type WorkerParts } from './worker-options';

/** Runs workflow engines and service executors; register what it runs, then `start()`. */
export interface Worker {
  registerWorkflow(workflow: WorkflowClass, options?: RegisterWorkflowOptions): this;
  registerService<S>(service: ServiceDefinition<S>, implementation: ServiceImplementation<S>, options?: RegisterServiceOptions<S>): this;
  /** Subscribes every registered workflow and service; resolves once all consumers are attached. */
  start(): Promise<void>;
  /** Stops consuming after the messages in flight are handled; closes adapters the worker created. */
  stop(): Promise<void>;
  /** Forgets live workflow instances (they replay from history on their next message). */
  clearCache(): void;
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
    const container = createContainer(config, { transport: true, history: true });
    settings = { ...pick(config), logger: createDefaultLogger(config.logLevel) };
    adapters = async () => ({ transport: await resolveTransport(container), history: await resolveHistoryStore(container) });
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
  const retention = resolveOutcomeRetention(settings);
  let sweeper: OutcomeSweeper | undefined;
  const starters: Array<(parts: Pick<WorkerParts, 'transport' | 'history'>) => Promise<Subscription>> = [];
  const engines: WorkflowEngine[] = [];
  const registered = new Set<string>();
  let subscriptions: Subscription[] = [];
  let running: Pick<WorkerParts, 'transport' | 'history'> | undefined;
  let started = false;

  const routeDeadLetters = ({ transport }: Pick<WorkerParts, 'transport'>): Promise<Subscription> => {
    const router = new DeadLetterRouter({ transport, names, clock, logger });
    return transport.subscribe(names.deadLetterTopic(), names.deadLetterRouterGroup(), router.handle, { order: 'none', concurrency: 16, ...failurePolicy });
  };

  const claim = (kind: string, name: string) => {
    if (started) throw new Error(`register ${kind} ${name} before start()`);
    if (registered.has(`${kind}:${name}`)) throw new Error(`${kind} ${name} is registered twice`);
    registered.add(`${kind}:${name}`);
  };

  const worker: Worker = {
    registerWorkflow(workflow, options = {}) {
      const name = workflowNameOf(workflow);
      claim('workflow', name);
      starters.push(({ transport, history }) => {
        const engine = new WorkflowEngine({
          workflowClass: workflow, transport, history, names, clock, logger,
          cacheSize: settings.cacheSize ?? 10_000, retainHistory: settings.retainHistory ?? false, outcomeRetentionMs: retention.retentionMs,
        });
        engines.push(engine);
        return transport.subscribe(names.workflowTopic(name), names.workflowGroup(name), engine.handle, {
          order: 'per-key', concurrency: options.concurrency ?? settings.workflowConcurrency ?? 256, ...failurePolicy,
        });
      });
      return worker;
    },
    registerService(service, implementation, options = {}) {
      claim('service', service.serviceName);
      const retry = resolveRetryPolicy(options.retry, `${service.serviceName}.retry`);
      const methodRetry = Object.fromEntries(Object.entries(options.methods ?? {}).map(([method, o]) =>
        [method, resolveRetryPolicy({ ...options.retry, ...(o as { retry?: object } | undefined)?.retry }, `${service.serviceName}.methods.${method}.retry`)]));
      starters.push(({ transport }) => {
        const executor = new ServiceExecutor({
          definition: service as ServiceDefinition<unknown>, implementation: implementation as object, retry, methodRetry,
          transport, names, clock, logger, maxPayloadBytes,
        });
        return transport.subscribe(names.serviceTopic(service.serviceName), names.serviceGroup(service.serviceName), executor.handle, {
          order: 'none', concurrency: options.concurrency ?? 100, ...failurePolicy,
        });
      });
      return worker;
    },
    async start() {
      if (started) return;
      if (starters.length === 0) throw new Error('nothing to run: register a workflow or a service before start()');
      started = true;
      running = await adapters();
      const parts = running;
      const routers = settings.routeDeadLetters === false ? [] : [routeDeadLetters];
      subscriptions = await Promise.all([...starters, ...routers].map((subscribe) => subscribe(parts)));
      if (engines.length > 0) {
        sweeper = new OutcomeSweeper({ history: parts.history, clock, logger, periodMs: retention.sweepPeriodMs });
        sweeper.start();
      }
    },
    async stop() {
      await sweeper?.stop();
      await Promise.all(subscriptions.splice(0).map((s) => s.close()));
      if (owned && running) await Promise.all([running.transport.close(), running.history.close()]);
    },
    clearCache() {
      for (const engine of engines) engine.clearCache();
    },
  };
  return worker;
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
});
