import { workerProcessScript } from '@cadenza/conformance';
import type { CadenzaConfig } from '@cadenza/core';
import { type ChildProcess, spawn } from 'node:child_process';

/** What a worker process runs: the bank workflow, or its two services. */
export type WorkerRole = 'workflows' | 'services';

/** A worker process that ended without being killed by the run: always a finding. */
export interface UnexpectedExit {
  readonly role: WorkerRole;
  readonly pid: number | undefined;
  readonly at: number;
  readonly exit: string;
  /** It never printed `ready`: it could not start (e.g. the broker was down), rather than crashed while running. */
  readonly beforeReady: boolean;
  /** The last lines it wrote to stderr. */
  readonly stderr: string;
}

interface Slot {
  readonly role: WorkerRole;
  child: ChildProcess;
  /** Set before the run kills it, so its exit is not taken for a crash. */
  killing: boolean;
}

const STDERR_KEPT = 4_000;
const RESPAWN_PAUSE_MS = 1_000;
const READY_TIMEOUT_MS = 120_000;

/**
 * The kill-recovery suite's worker processes (each appends every task attempt to the ledger file), a fixed
 * set of them (so many per role): one killed is replaced at once, one that exits on
 * its own is recorded and replaced too, so the run always has its workers back.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private closed = false;
  readonly unexpectedExits: UnexpectedExit[] = [];
  /** Processes started in all, the first ones included. */
  started = 0;

  constructor(private readonly config: CadenzaConfig, private readonly ledger: string) {}

  /** Starts `count` processes of `role`; resolves once each printed `ready`, rejects naming the role if one
   *  did not within `timeoutMs`. */
  async add(role: WorkerRole, count: number, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const ready: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const slot: Slot = { role, child: undefined as unknown as ChildProcess, killing: false };
      this.slots.push(slot);
      ready.push(this.spawnInto(slot));
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`a ${role} worker was not ready ${timeoutMs / 1000} s after it started`)), timeoutMs);
    });
    try {
      await Promise.race([Promise.all(ready), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The slots, in the order they were added: what a seeded choice picks from. */
  get size(): number {
    return this.slots.length;
  }

  roleOf(index: number): WorkerRole {
    return this.slots[index]!.role;
  }

  /** SIGKILLs the process in slot `index` and starts a new one there without waiting for it to be ready. */
  async killAndReplace(index: number): Promise<{ role: WorkerRole; pid: number | undefined }> {
    const slot = this.slots[index]!;
    const { pid } = slot.child;
    await this.kill(slot);
    if (!this.closed) void this.spawnInto(slot).catch(() => undefined);
    return { role: slot.role, pid };
  }

  /** Kills every process; none is started again. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => this.kill(slot)));
  }

  private kill(slot: Slot): Promise<void> {
    const { child } = slot;
    return new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      slot.killing = true;
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** On Kafka each slot is a static group member of its own name, so the process that replaces a killed one
   *  takes its partitions back at once (see the Kafka adapter's `groupInstanceId`). */
  private configFor(slot: Slot): CadenzaConfig {
    const transport = this.config.transport as { type?: string } | undefined;
    if (transport?.type !== 'kafka') return this.config;
    const groupInstanceId = `${this.config.namespace ?? 'cadenza'}-${slot.role}-${this.slots.indexOf(slot)}`;
    return { ...this.config, transport: { ...transport, groupInstanceId } as CadenzaConfig['transport'] };
  }

  /** Starts a process in `slot`; resolves when it is ready, rejects if it exits first. */
  private spawnInto(slot: Slot): Promise<void> {
    const child = spawn(process.execPath, [workerProcessScript, slot.role], {
      env: { ...process.env, CADENZA_E2E_CONFIG: JSON.stringify(this.configFor(slot)), CADENZA_E2E_LEDGER: this.ledger },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    slot.child = child;
    slot.killing = false;
    this.started++;
    let stderr = '';
    let ready = false;
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT)));
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (!ready && chunk.toString().includes('ready')) {
          ready = true;
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        const exit = `${code ?? signal}`;
        reject(new Error(`${slot.role} worker exited (${exit}) before it was ready: ${stderr.slice(-1500)}`));
        if (slot.killing || this.closed || slot.child !== child) return;
        // Nobody asked it to go: a crash under the faults, which the report lists; the run gets a worker back.
        this.unexpectedExits.push({ role: slot.role, pid: child.pid, at: Date.now(), exit, beforeReady: !ready, stderr });
        // A pause, so a worker that cannot start while a server is down does not respawn in a tight loop.
        setTimeout(() => {
          if (!this.closed && slot.child === child) void this.spawnInto(slot).catch(() => undefined);
        }, RESPAWN_PAUSE_MS);
      });
    });
  }
}
