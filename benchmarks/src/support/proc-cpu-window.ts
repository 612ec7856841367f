import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { clockTicksPerSecond, cpuTicks, readProcStat } from './proc-cpu';
import { processTree } from './proc-cpu-owners';

/** A process (or a process and its descendants) whose CPU a window measures. */
export interface CpuTarget {
  /** What it is: `node`, `kafka`, `postgres`, `workflow-worker`, … */
  readonly name: string;
  readonly pid: number;
  /** Count its descendants too (PostgreSQL: the postmaster and its backends). @default false */
  readonly tree?: boolean;
}

/** The CPU one target used over a measured window. */
export interface CpuFigure {
  readonly name: string;
  /** The processes counted at the window's end. */
  readonly pids: readonly number[];
  /** CPU time (user + system) over the window, in ms. */
  readonly cpuMs: number;
  /** `cpuMs ÷ window`: 1 is one core busy for the whole window. */
  readonly coreShare: number;
  /** `coreShare ÷ cores`: the part of the whole machine. */
  readonly machineShare: number;
  /** `cpuMs ÷ workflows finished in the window`. */
  readonly cpuMsPerWorkflow: number;
}

/** Ticks per pid at one instant. */
export type TickSnapshot = ReadonlyMap<number, number>;

/**
 * Ticks a set of processes used between two snapshots. A process that appears counts from zero (it started in
 * the window); one that exits is counted by its parent's cutime/cstime once waited for (PostgreSQL's
 * postmaster waits for its backends), so the sum over the tree stays right.
 */
export const ticksBetween = (before: TickSnapshot, after: TickSnapshot): number => {
  let sum = 0;
  for (const ticks of after.values()) sum += ticks;
  for (const ticks of before.values()) sum -= ticks;
  return Math.max(0, sum);
};

const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** The figure of `ticks` over a window of `windowMs` in which `workflows` finished. */
export const cpuFigure = (o: {
  readonly name: string; readonly pids: readonly number[]; readonly ticks: number; readonly ticksPerSecond: number;
  readonly windowMs: number; readonly workflows: number; readonly cores: number;
}): CpuFigure => {
  const cpuMs = (o.ticks * 1000) / o.ticksPerSecond;
  const coreShare = o.windowMs > 0 ? cpuMs / o.windowMs : Number.NaN;
  return {
    name: o.name, pids: o.pids, cpuMs: round(cpuMs, 1),
    coreShare: round(coreShare, 3), machineShare: round(coreShare / o.cores, 3),
    cpuMsPerWorkflow: o.workflows > 0 ? round(cpuMs / o.workflows, 3) : Number.NaN,
  };
};

const snapshot = async (target: CpuTarget, procRoot: string): Promise<Map<number, number>> => {
  const stats = target.tree ? await processTree(target.pid, procRoot) : [await readProcStat(target.pid, procRoot)].filter((s) => s !== undefined);
  return new Map(stats.map((s) => [s.pid, cpuTicks(s)]));
};

/** An open measurement: `close` with the workflows that finished in it gives one figure per target. */
export interface CpuWindow {
  close(workflows: number): Promise<CpuFigure[]>;
}

/** Reads every target's `/proc/<pid>/stat` now; `close` reads them again. Resolution: one tick (10 ms). */
export const openCpuWindow = async (targets: readonly CpuTarget[], procRoot = '/proc'): Promise<CpuWindow> => {
  const before = await Promise.all(targets.map((t) => snapshot(t, procRoot)));
  const opened = performance.now();
  return {
    close: async (workflows) => {
      const windowMs = performance.now() - opened;
      const after = await Promise.all(targets.map((t) => snapshot(t, procRoot)));
      return targets.map((t, i) => cpuFigure({
        name: t.name, pids: [...after[i]!.keys()], ticks: ticksBetween(before[i]!, after[i]!), ticksPerSecond: clockTicksPerSecond(),
        windowMs, workflows, cores: os.cpus().length,
      }));
    },
  };
};
