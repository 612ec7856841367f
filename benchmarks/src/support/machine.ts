import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { packageRoot } from '../paths';

/** What the machine was doing when a run was measured: figures are only comparable under similar load. */
export interface MachineSnapshot {
  /** ISO 8601, UTC. */
  readonly date: string;
  /** `os.loadavg()`: runnable processes averaged over 1, 5 and 15 minutes. */
  readonly loadAverage: readonly [number, number, number];
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemoryBytes: number;
  readonly freeMemoryBytes: number;
  readonly node: string;
  readonly platform: string;
  /** `HEAD` of the repository the benchmarks ran from, or `unknown` outside a git checkout. */
  readonly gitCommit: string;
  /** Whether the working tree had uncommitted changes (anywhere in the repository). */
  readonly gitDirty: boolean;
}

let git: { commit: string; dirty: boolean } | undefined;

const readGit = (): { commit: string; dirty: boolean } => {
  if (git) return git;
  try {
    const run = (...args: string[]) => execFileSync('git', args, { cwd: packageRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    git = { commit: run('rev-parse', 'HEAD'), dirty: run('status', '--porcelain').length > 0 };
  } catch {
    git = { commit: 'unknown', dirty: false };
  }
  return git;
};

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** The machine's load and identity now; git is asked once per process. */
export const machineSnapshot = (): MachineSnapshot => {
  const [one, five, fifteen] = os.loadavg() as [number, number, number];
  const cpus = os.cpus();
  const { commit, dirty } = readGit();
  return {
    date: new Date().toISOString(),
    loadAverage: [round2(one), round2(five), round2(fifteen)],
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryBytes: os.totalmem(),
    freeMemoryBytes: os.freemem(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    gitCommit: commit,
    gitDirty: dirty,
  };
};
