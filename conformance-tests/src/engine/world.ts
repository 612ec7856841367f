import {
  type Client, createClient, createWorker, type HistoryEvent, type HistoryStore, type Logger, type NewEvent, type RegisterServiceOptions,
  type ServiceDefinition, type ServiceImplementation, type Transport, type Worker, type WorkflowClass, createNames,
  type RecheckPolicy, type RegisterWorkflowOptions,
} from '@cadenza/core';
import type { EngineHarness } from '../harness';
import { freshName } from '../support/fresh-name';

/** A service to register on a worker, with its options. */
export interface ServiceEntry {
  readonly definition: ServiceDefinition<never>;
  readonly implementation: object;
  readonly options?: RegisterServiceOptions<never>;
}

export const service = <S>(definition: ServiceDefinition<S>, implementation: ServiceImplementation<S>, options?: RegisterServiceOptions<S>): ServiceEntry =>
  ({ definition: definition as ServiceDefinition<never>, implementation, ...(options ? { options: options as RegisterServiceOptions<never> } : {}) });

export interface WorkerSpec {
  readonly workflows?: readonly WorkflowClass[];
  /** Workflows registered with options (versions side by side, replay checks). */
  readonly registered?: ReadonlyArray<readonly [WorkflowClass, RegisterWorkflowOptions]>;
  /** How the worker rechecks blocked instances. @default the worker's */
  readonly recheckBlocked?: RecheckPolicy | false;
  readonly services?: readonly ServiceEntry[];
  readonly retainHistory?: boolean;
  /** How long ended workflows' outcomes are kept and how often they are swept. @default the worker's */
  readonly retention?: { readonly retentionMs: number; readonly sweepPeriodMs: number };
  /** What the worker publishes to the events topic. @default the worker's (`events.publish` off) */
  readonly events?: { readonly publish: boolean };
  /** Where the worker logs. @default silent */
  readonly logger?: Logger;
  /** Register the built-in schedule workflow (`worker.registerSchedules()`). @default false */
  readonly schedules?: boolean;
}

/** A worker of a test, with the transport it owns. */
export interface TestWorker {
  readonly worker: Worker;
  readonly transport: Transport;
  stop(): Promise<void>;
}

/** Quiet logs in tests: errors the tests provoke on purpose would drown the report. */
const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };

/**
 * One test's world: a fresh namespace on the harness's broker, a history store, and helpers to start
 * workers and clients that are closed at the end. `cacheSize: 0` makes every step a replay.
 */
export class World {
  readonly namespace = freshName('ns').replace(/[^A-Za-z0-9_-]/g, '-');
  readonly names = createNames(this.namespace);
  private readonly closers: Array<() => Promise<void>> = [];
  private storePromise?: Promise<HistoryStore>;

  constructor(private readonly h: EngineHarness, readonly cacheSize: number) {}

  store(): Promise<HistoryStore> {
    return (this.storePromise ??= this.h.createHistoryStore().then((store) => {
      this.closers.push(() => store.close());
      return store;
    }));
  }

  /** A store that records each append, so a test can read the events of ended (deleted) histories. */
  async recordingStore(into: Map<string, HistoryEvent[]>): Promise<HistoryStore> {
    const store = await this.store();
    const record = (stream: string, events: readonly NewEvent[]) => into.set(stream, [...(into.get(stream) ?? []), ...events.map((e) => e.data as HistoryEvent)]);
    return {
      ...store,
      capabilities: store.capabilities,
      read: (stream) => store.read(stream),
      delete: (stream, kept) => store.delete(stream, kept),
      close: async () => undefined,
      append: async (stream, events, expected) => {
        const revision = await store.append(stream, events, expected);
        record(stream, events);
        return revision;
      },
      ...(store.appendMany ? {
        appendMany: async (batch) => {
          const outcomes = await store.appendMany!(batch);
          batch.forEach((request, i) => outcomes[i]?.ok && record(request.stream, request.events));
          return outcomes;
        },
      } : {}),
    };
  }

  async transport(): Promise<Transport> {
    const transport = await this.h.createTransport();
    this.closers.push(() => transport.close());
    return transport;
  }

  async worker(spec: WorkerSpec, parts: { history?: HistoryStore; transport?: Transport } = {}): Promise<TestWorker> {
    const transport = parts.transport ?? (await this.transport());
    const worker = createWorker({
      transport, history: parts.history ?? (await this.store()), namespace: this.namespace, logger: spec.logger ?? silent,
      cacheSize: this.cacheSize, retainHistory: spec.retainHistory ?? false, maxDeliveries: 5,
      ...(spec.retention ? { outcomeRetentionMs: spec.retention.retentionMs, outcomeSweepPeriodMs: spec.retention.sweepPeriodMs } : {}),
      ...(spec.events ? { events: spec.events } : {}),
      ...(spec.recheckBlocked !== undefined ? { recheckBlocked: spec.recheckBlocked } : {}),
    });
    for (const workflow of spec.workflows ?? []) worker.registerWorkflow(workflow);
    for (const [workflow, options] of spec.registered ?? []) worker.registerWorkflow(workflow, options);
    if (spec.schedules) worker.registerSchedules();
    for (const entry of spec.services ?? []) worker.registerService(entry.definition, entry.implementation as never, entry.options as never);
    await worker.start();
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await worker.stop();
    };
    this.closers.push(stop);
    return { worker, transport, stop };
  }

  async client(transport?: Transport): Promise<Client> {
    const client = createClient({ transport: transport ?? (await this.transport()), namespace: this.namespace, logger: silent });
    this.closers.push(() => client.close());
    return client;
  }

  /** Runs `close` when the world closes, before what was created earlier. */
  onClose(close: () => Promise<void> | void): void {
    this.closers.push(async () => close());
  }

  /** Closes everything in reverse order of creation. */
  async close(): Promise<void> {
    for (const close of this.closers.splice(0).reverse()) await close().catch(() => undefined);
  }
}
