import { Prng } from '@cadenza/conformance';
import type { PrivateServer } from './private-servers';
import type { WorkerPool } from './worker-pool';

/** The faults a chaos run injects. */
export type ChaosFaultKind = 'kill' | 'broker-restart' | 'pg-restart';

/** One injected fault: when it struck and, for a restart, when the server was back. */
export interface InjectedFault {
  readonly kind: ChaosFaultKind;
  /** ms since the epoch */
  readonly at: number;
  readonly endedAt: number;
  /** e.g. `workflows worker pid 1234`, or the error of a restart that failed. */
  readonly detail: string;
  /** False when the restart script failed (the run goes on; the report says so). */
  readonly ok: boolean;
}

export interface FaultPlan {
  readonly killEveryMs: number;
  readonly brokerRestartEveryMs: number;
  readonly pgRestartEveryMs: number;
  readonly seed: number;
}

/**
 * Three independent loops: a seeded choice of worker SIGKILLed every `killEveryMs`, the broker and the
 * PostgreSQL cluster each restarted on their own period (from the end of one restart to the start of the
 * next, so never two of one server at once). `stop()` ends them and waits for a restart under way to finish.
 */
export class FaultInjector {
  readonly faults: InjectedFault[] = [];
  private stopped = false;
  private readonly wakers = new Set<() => void>();
  private loops: Promise<void>[] = [];

  constructor(private readonly plan: FaultPlan, private readonly parts: { workers: WorkerPool; broker: PrivateServer; postgres: PrivateServer }) {}

  start(): void {
    const prng = new Prng(this.plan.seed);
    this.loops = [
      this.every(this.plan.killEveryMs, 'kill', async () => {
        const { role, pid } = await this.parts.workers.killAndReplace(prng.int(0, this.parts.workers.size - 1));
        return `${role} worker pid ${pid ?? '?'}`;
      }),
      this.every(this.plan.brokerRestartEveryMs, 'broker-restart', async () => {
        await this.parts.broker.restart();
        return this.parts.broker.name;
      }),
      this.every(this.plan.pgRestartEveryMs, 'pg-restart', async () => {
        await this.parts.postgres.restart();
        return this.parts.postgres.name;
      }),
    ];
  }

  /** How many faults of `kind` were injected (failed restarts included). */
  count(kind: ChaosFaultKind): number {
    return this.faults.filter((f) => f.kind === kind).length;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of this.wakers) wake();
    await Promise.all(this.loops);
  }

  private async every(periodMs: number, kind: ChaosFaultKind, inject: () => Promise<string>): Promise<void> {
    if (periodMs <= 0) return;
    // The period runs from the end of one fault to the start of the next: a broker that takes longer to start
    // than the period still gets that long up between restarts, instead of being restarted back to back.
    for (;;) {
      await this.sleepUntil(Date.now() + periodMs);
      if (this.stopped) return;
      const at = Date.now();
      try {
        const detail = await inject();
        this.faults.push({ kind, at, endedAt: Date.now(), detail, ok: true });
      } catch (error) {
        this.faults.push({ kind, at, endedAt: Date.now(), detail: error instanceof Error ? error.message : String(error), ok: false });
      }
    }
  }

  private sleepUntil(when: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, when - Date.now()));
      this.wakers.add(wake);
    });
  }
}
