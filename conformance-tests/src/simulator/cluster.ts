import { type Clock, createWorker, type HistoryStore, type Logger, type Worker } from '@cadenza/core';
import type { CrashableTransport } from './faulty-transport';
import { SimEffects, simEffects, SimWorkflow } from './sim-workflow';
import type { EffectsLedger } from './effects-ledger';

/** Quiet: the faults provoke errors on purpose, and the report says what matters. */
export const silentLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silentLogger };

/** Retries quick on the virtual clock, without jitter (the executor's jitter would read `Math.random`). */
export const SIM_RETRY = { maxAttempts: 4, initialDelayMs: 200, backoffFactor: 2, jitter: 0 } as const;

/** How long the workers keep ended workflows' outcomes, and how often they sweep. */
export interface Retention {
  readonly retentionMs: number;
  readonly sweepPeriodMs: number;
}

interface Member {
  readonly worker: Worker;
  readonly transport: CrashableTransport;
}

/**
 * The workers of a run: 2 or 3 slots, each running the workflow engine and the service in one consumer
 * group per topic. Stopping, crashing and starting slots is how keys move between engines.
 */
export class Cluster {
  private readonly members: Array<Member | undefined>;
  /** Graceful stops still draining; awaited before the run ends. */
  readonly stopping: Array<Promise<void>> = [];
  started = 0;

  constructor(
    size: number,
    private readonly parts: { transport: () => CrashableTransport; store: HistoryStore; ledger: EffectsLedger; clock: Clock; namespace: string; retention?: Retention },
  ) {
    this.members = Array.from({ length: size }, () => undefined);
  }

  get size(): number {
    return this.members.length;
  }

  running(): number[] {
    return this.members.flatMap((m, i) => (m ? [i] : []));
  }

  /** Starts a fresh worker (empty memory) in `slot`. */
  async start(slot: number): Promise<void> {
    if (this.members[slot]) return;
    const transport = this.parts.transport();
    const { retention } = this.parts;
    const worker = createWorker({
      transport, history: this.parts.store, namespace: this.parts.namespace, clock: this.parts.clock, logger: silentLogger,
      ...(retention ? { outcomeRetentionMs: retention.retentionMs, outcomeSweepPeriodMs: retention.sweepPeriodMs } : {}),
    })
      .registerWorkflow(SimWorkflow)
      .registerService(SimEffects, simEffects(this.parts.ledger), { retry: SIM_RETRY });
    this.members[slot] = { worker, transport };
    this.started++;
    await worker.start();
  }

  /** Stops `slot` gracefully: its handlers in flight finish, its keys go to the others. */
  stop(slot: number): void {
    const member = this.members[slot];
    if (!member) return;
    this.members[slot] = undefined;
    this.stopping.push(member.worker.stop().then(() => member.transport.close()));
  }

  /** Kills `slot` as a SIGKILL would: unacknowledged messages go to others; what it still does is ignored. */
  crash(slot: number): void {
    const member = this.members[slot];
    if (!member) return;
    this.members[slot] = undefined;
    member.transport.crash();
  }

  /** `slot` forgets its cached workflow instances. */
  clearCache(slot: number): void {
    this.members[slot]?.worker.clearCache();
  }

  /** After a livelock a graceful stop would wait forever on the handlers still running. */
  crashAll(): void {
    for (const slot of this.running()) this.crash(slot);
  }

  async stopAll(): Promise<void> {
    for (const slot of this.running()) this.stop(slot);
    await Promise.all(this.stopping);
  }
}
